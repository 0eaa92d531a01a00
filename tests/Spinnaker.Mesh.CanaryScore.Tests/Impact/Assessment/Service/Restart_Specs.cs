using NUnit.Framework;
using Spinnaker.Mesh.Testing;
using static Spinnaker.Mesh.CanaryScore.Tests.Impact.Assessment.Service.ServiceUnderTest;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Assessment.Service;

/// <summary>A process of its own: it first polls once an hour, so the assessment it scheduled waits for the next process.</summary>
[TestFixture]
public sealed class A_pending_assessment
{
    private const string Tenant = "impact-restart";
    private ImpactService _service = null!;

    [OneTimeSetUp]
    public async Task Start() => _service = await ImpactService.StartAsync([("prom", ServiceUnderTest.Prometheus.BaseUrl)], TimeSpan.FromHours(1));

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_service is not null) await _service.DisposeAsync();
    }

    [Test]
    public async Task Should_be_assessed_by_the_process_started_after_a_crash()
    {
        await _service.PutPolicyAsync(Tenant, Catalog, "prom", ImpactService.Sli("p99 latency", LatencyQuery, "increase"));
        await _service.DeployAsync(Tenant, Catalog, "restart-1", Timeline.DeployStart, Timeline.DeployEnd);
        await _service.IdleAsync();
        var pending = await _service.ImpactAsync(Tenant, "restart-1", _ => true);
        Assert.That(pending.Verdict(), Is.EqualTo("pending"), pending.ToString());
        Assert.That(pending.GetProperty("dueAt").GetDateTimeOffset(), Is.LessThan(DateTimeOffset.UtcNow), "due, but not polled for yet");

        await _service.RestartAsync(TimeSpan.FromMilliseconds(500));

        var impact = await _service.ImpactAsync(Tenant, "restart-1");
        Assert.That(impact.Verdict(), Is.EqualTo("Pass"), impact.ToString());
        Assert.That(await _service.StoredEventsAsync(Tenant, "restart-1"), Is.EqualTo(2));
        await Eventually.GetAsync(() => Task.FromResult(_service.Messages.AssessedOf(Tenant)), m => m.Count == 1, TimeSpan.FromSeconds(30));
    }
}
