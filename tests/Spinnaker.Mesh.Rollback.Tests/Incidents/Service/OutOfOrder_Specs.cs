using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Tests.Incidents.Support;
using static Spinnaker.Mesh.Rollback.Tests.Incidents.Service.ServiceUnderTest;
using static Spinnaker.Mesh.Rollback.Tests.Incidents.Support.PipelineRuns;

namespace Spinnaker.Mesh.Rollback.Tests.Incidents.Service;

/// <summary>Echo delivers runs of two pipelines out of the order they ended in.</summary>
[TestFixture, NonParallelizable]
public sealed class When_Echo_delivers_runs_out_of_order
{
    private const string Tenant = "incidents-order";
    private static readonly PipelineRuns Payments = new(Tenant);
    private static readonly PipelineRuns Checkout = new(Tenant, application: "checkout", configId: "7d1e5f0a-2b3c-4d5e-8f9a-0b1c2d3e4f50", pipelineName: "Deploy checkout");

    [OneTimeSetUp]
    public async Task Run()
    {
        // payments: the failure first, then a success that ended an hour before it.
        await PublishInOrderAsync(Payments.Failed("P-F1", At(5)), Payments.Succeeded("P-S0", At(4)));
        // checkout: a success first, then a failure that ended two hours before it.
        await PublishInOrderAsync(Checkout.Succeeded("C-S0", At(0)), Checkout.Succeeded("C-S1", At(5)), Checkout.Failed("C-F1", At(3)));
        await AllConsumedAsync();
    }

    [Test]
    public async Task Should_leave_open_an_incident_whose_late_success_ended_before_it()
    {
        var payments = (await IncidentsAsync(Tenant, "?application=payments")).GetProperty("incidents").EnumerateArray().Single();
        Assert.That(payments.GetProperty("status").GetString(), Is.EqualTo("open"));
        var detail = await IncidentAsync(Tenant, payments.GetProperty("incidentId").GetString()!);
        Assert.That(detail.GetProperty("lastSuccessfulExecutionId").GetString(), Is.Null, "the success arrived after the failure was decided");
    }

    [Test]
    public async Task Should_place_a_late_failure_before_the_success_already_seen()
    {
        var checkout = (await IncidentsAsync(Tenant, "?application=checkout")).GetProperty("incidents").EnumerateArray().Single();
        var detail = await IncidentAsync(Tenant, checkout.GetProperty("incidentId").GetString()!);
        Assert.Multiple(() =>
        {
            Assert.That(detail.GetProperty("status").GetString(), Is.EqualTo("resolved"));
            Assert.That(detail.GetProperty("resolvedByExecutionId").GetString(), Is.EqualTo("C-S1"));
            Assert.That(detail.GetProperty("lastSuccessfulExecutionId").GetString(), Is.EqualTo("C-S0"), "by end time, not arrival");
            Assert.That(detail.GetProperty("recoveryMs").GetInt64(), Is.EqualTo(2 * 3_600_000));
        });
    }

    [Test]
    public async Task Should_publish_each_opening_and_resolution_once()
    {
        var opened = await ReceivedAsync(() => Opened(Tenant), 2, "two IncidentOpened");
        var resolved = await ReceivedAsync(() => Resolved(Tenant), 1, "one IncidentResolved");
        Assert.That(opened.Select(o => o.Message.ExecutionId), Is.EquivalentTo(new[] { "P-F1", "C-F1" }));
        Assert.That(resolved.Select(r => r.Message.ResolvedByExecutionId), Is.EqualTo(new[] { "C-S1" }));
    }
}
