using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Tests.Incidents.Support;
using static Spinnaker.Mesh.Rollback.Tests.Incidents.Service.ServiceUnderTest;
using static Spinnaker.Mesh.Rollback.Tests.Incidents.Support.PipelineRuns;

namespace Spinnaker.Mesh.Rollback.Tests.Incidents.Service;

/// <summary>
/// The shared Echo fixtures' failed pipelines (a terminal AWS deploy, a canceled Kubernetes deploy, a real
/// pipeline-triggered execution), normalized by ingest, and a stopped pipeline: each opens an incident of its own.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_pipelines_end_terminal_canceled_or_stopped
{
    private const string Tenant = "incidents-halted";
    private JsonElement[] _incidents = [];

    [OneTimeSetUp]
    public async Task Run()
    {
        var stopped = new PipelineRuns(Tenant, application: "search", configId: "0e6a1c53-7b1f-4d0b-9a51-3c2f9e8d7b60", pipelineName: "Reindex");
        await TheService.PublishAsync(
            EchoFixtureRuns.Read(EchoFixtureRuns.Terminal, Tenant),
            EchoFixtureRuns.Read(EchoFixtureRuns.Canceled, Tenant),
            EchoFixtureRuns.Read(EchoFixtureRuns.PipelineTriggered, Tenant),
            stopped.Failed("01KREINDEX0000000000000001", At(1), "STOPPED"));
        var list = await IncidentsUntilAsync(Tenant, "", l => l.Length == 4, "four incidents");
        _incidents = await Task.WhenAll(list.Select(i => IncidentAsync(Tenant, i.GetProperty("incidentId").GetString()!)));
    }

    private JsonElement Of(string application) => _incidents.Single(i => i.GetProperty("application").GetString() == application);

    private static IEnumerable<string?> Errors(JsonElement incident) =>
        incident.GetProperty("failedStages").EnumerateArray().SelectMany(s => s.GetProperty("errors").EnumerateArray()).Select(e => e.GetString());

    [Test]
    public void Should_carry_Clouddriver_s_message_from_the_synthetic_deploy_stage()
    {
        var terminal = Of("payments");
        Assert.That(terminal.GetProperty("executionStatus").GetString(), Is.EqualTo("TERMINAL"));
        Assert.That(terminal.GetProperty("openedByExecutionId").GetString(), Is.EqualTo("01HXVXA107ZNWNG49KPSW1PMC9"));
        Assert.That(Errors(terminal), Has.Some.Contains("desired capacity 12 is greater than max capacity 10"));
        Assert.That(terminal.GetProperty("trigger").GetProperty("parameters").GetProperty("amiName").GetString(), Does.StartWith("payments-api-2.4.0"));
    }

    [Test]
    public void Should_say_who_canceled_the_canceled_one_and_why()
    {
        var canceled = Of("checkout");
        Assert.That(canceled.GetProperty("executionStatus").GetString(), Is.EqualTo("CANCELED"));
        Assert.That(canceled.GetProperty("canceledBy").GetString(), Is.EqualTo("bob@example.com"));
        Assert.That(canceled.GetProperty("cancellationReason").GetString(), Is.EqualTo("Wrong image tag, redeploying 1.9.2"));
        Assert.That(canceled.GetProperty("status").GetString(), Is.EqualTo("open"));
    }

    [Test]
    public void Should_name_the_parent_execution_of_the_pipeline_triggered_one()
    {
        var child = Of("tracks");
        Assert.That(child.GetProperty("trigger").GetProperty("type").GetString(), Is.EqualTo("pipeline"));
        Assert.That(child.GetProperty("trigger").GetProperty("parentExecutionId").GetString(), Is.EqualTo("84099610-f292-4cab-bd5a-49ecf8570ffe"));
        Assert.That(Errors(child), Is.Not.Empty);
    }

    [Test]
    public void Should_open_one_for_the_stopped_pipeline_too()
    {
        var stopped = Of("search");
        Assert.That(stopped.GetProperty("executionStatus").GetString(), Is.EqualTo("STOPPED"));
        Assert.That(stopped.GetProperty("failedStages")[0].GetProperty("status").GetString(), Is.EqualTo("STOPPED"));
    }

    [Test]
    public async Task Should_publish_an_opening_for_each()
    {
        var opened = await ReceivedAsync(() => Opened(Tenant), 4, "four IncidentOpened");
        Assert.That(opened.Select(o => o.Message.Status), Is.EquivalentTo(new[] { "TERMINAL", "CANCELED", "TERMINAL", "STOPPED" }));
        Assert.That(opened.Single(o => o.Message.Status == "CANCELED").Message.CanceledBy, Is.EqualTo("bob@example.com"));
    }
}
