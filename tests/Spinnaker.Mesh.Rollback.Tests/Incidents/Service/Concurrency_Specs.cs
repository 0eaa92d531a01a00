using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Tests.Incidents.Support;
using static Spinnaker.Mesh.Rollback.Tests.Incidents.Service.ServiceUnderTest;
using static Spinnaker.Mesh.Rollback.Tests.Incidents.Support.PipelineRuns;

namespace Spinnaker.Mesh.Rollback.Tests.Incidents.Service;

/// <summary>
/// Two dozen failures of one pipeline arrive at once, each twice, and the consumers decide several at a time: the
/// pipeline's lock makes them one incident.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_many_failures_of_one_pipeline_arrive_at_once
{
    private const string Tenant = "incidents-concurrent";
    private const int Failures = 24;

    [Test]
    public async Task Should_gather_them_into_one_incident_opened_once()
    {
        var payments = new PipelineRuns(Tenant);
        var runs = Enumerable.Range(1, Failures).Select(i => payments.Failed($"F{i:00}", At(i / 4.0))).ToArray();
        await Task.WhenAll(runs.Concat(runs).Select(run => TheService.PublishAsync(run)));
        await AllConsumedAsync();

        var incidents = (await IncidentsAsync(Tenant)).GetProperty("incidents").EnumerateArray().ToList();
        Assert.That(incidents, Has.Count.EqualTo(1), "one pipeline, failures a quarter of an hour apart: one incident");
        Assert.That(incidents[0].GetProperty("failureCount").GetInt32(), Is.EqualTo(Failures));
        Assert.That(await TheService.Isolated.CountAsync("SELECT count(*) FROM rollback.incident_runs WHERE tenant = $1", Tenant), Is.EqualTo(Failures));
        Assert.That((await ReceivedAsync(() => Opened(Tenant), 1, "IncidentOpened")), Has.Count.EqualTo(1));
    }
}
