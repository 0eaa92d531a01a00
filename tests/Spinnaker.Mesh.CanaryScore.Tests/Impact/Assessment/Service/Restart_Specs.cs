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

    [Test, Order(1)]
    public async Task Should_follow_a_later_production_stage_of_its_execution_while_pending()
    {
        const string tenant = "impact-extend";
        await _service.PutPolicyAsync(tenant, Catalog, "prom", ImpactService.Sli("p99 latency", LatencyQuery, "increase"));
        var east = await _service.DeployAsync(tenant, Catalog, "extend-1", Timeline.DeployStart, Timeline.DeployEnd);
        await _service.ImpactAsync(tenant, "extend-1", _ => true);
        // Then the pipeline deploys to Europe, and ends.
        var eu = ImpactService.Stage("extend-1-eu", "createServerGroup", Timeline.DeployEnd + TimeSpan.FromSeconds(10),
            Timeline.DeployEnd + TimeSpan.FromSeconds(40), region: "eu-west-1");
        var staging = ImpactService.Stage("extend-1-staging", "createServerGroup", Timeline.DeployStart - TimeSpan.FromMinutes(1),
            Timeline.DeployStart - TimeSpan.FromSeconds(30), account: "staging");
        var completed = await _service.CompleteAsync(tenant, Catalog, "extend-1", staging, east.Stage, eu);

        var extended = await _service.ImpactAsync(tenant, "extend-1",
            i => i.GetProperty("deployEndedAt").GetDateTimeOffset() == eu.EndTime);

        Assert.Multiple(() =>
        {
            Assert.That(extended.Verdict(), Is.EqualTo("pending"));
            Assert.That(extended.GetProperty("deployStartedAt").GetDateTimeOffset(), Is.EqualTo(Timeline.DeployStart), "the staging deploy is not production");
            Assert.That(extended.GetProperty("afterWindow").GetProperty("start").GetDateTimeOffset(), Is.EqualTo(eu.EndTime!.Value + TimeSpan.FromSeconds(1)));
            Assert.That(extended.Text("stageId"), Is.EqualTo(east.Stage.Id));
        });
        await _service.PublishAsync(completed);
        await _service.IdleAsync();
        Assert.That(await _service.StoredEventsAsync(tenant, "extend-1"), Is.EqualTo(2), "scheduled, extended once");
    }

    [Test, Order(2)]
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
