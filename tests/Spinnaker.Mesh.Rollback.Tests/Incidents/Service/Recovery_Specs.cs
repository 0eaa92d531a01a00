using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Tests.Incidents.Support;
using static Spinnaker.Mesh.Rollback.Tests.Incidents.Service.ServiceUnderTest;
using static Spinnaker.Mesh.Rollback.Tests.Incidents.Support.PipelineRuns;

namespace Spinnaker.Mesh.Rollback.Tests.Incidents.Service;

/// <summary>
/// A deploy pipeline succeeds with 1.4.1, fails with 1.4.2 and again with 1.4.3 an hour later, then succeeds 2.5 hours
/// after that. Echo delivers both failures twice.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_a_pipeline_fails_twice_and_recovers
{
    private const string Tenant = "incidents-recovery";
    private static readonly PipelineRuns Payments = new(Tenant);

    private string _incidentId = "";
    private JsonElement _open;
    private JsonElement _resolved;

    [OneTimeSetUp]
    public async Task Run()
    {
        await PublishInOrderAsync(Payments.Succeeded("S0", At(0), "1.4.1"), Payments.Failed("F1", At(2), version: "1.4.2"));
        await TheService.PublishAsync(Payments.Failed("F1", At(2), version: "1.4.2"));
        await PublishInOrderAsync(Payments.Failed("F2", At(3), version: "1.4.3"));
        await TheService.PublishAsync(Payments.Failed("F2", At(3), version: "1.4.3"));
        var list = await IncidentsUntilAsync(Tenant, "", l => l.Length == 1 && l[0].GetProperty("failureCount").GetInt32() == 2, "the incident with both failures");
        _incidentId = list[0].GetProperty("incidentId").GetString()!;
        _open = await IncidentAsync(Tenant, _incidentId);

        await PublishInOrderAsync(Payments.Succeeded("S1", At(5.5), "1.4.3"));
        await TheService.PublishAsync(Payments.Succeeded("S1", At(5.5), "1.4.3"));
        await AllConsumedAsync();
        _resolved = await IncidentAsync(Tenant, _incidentId);
    }

    [Test]
    public void Should_open_the_incident_with_the_failed_stages_and_Orca_s_messages()
    {
        var stage = _open.GetProperty("failedStages").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(_open.GetProperty("status").GetString(), Is.EqualTo("open"));
            Assert.That(_open.GetProperty("openedByExecutionId").GetString(), Is.EqualTo("F1"));
            Assert.That(_open.GetProperty("executionStatus").GetString(), Is.EqualTo("TERMINAL"));
            Assert.That(_open.GetProperty("openedAt").GetDateTimeOffset(), Is.EqualTo(At(2)));
            Assert.That(_open.GetProperty("application").GetString(), Is.EqualTo("payments"));
            Assert.That(_open.GetProperty("pipelineConfigId").GetString(), Is.EqualTo(Payments.ConfigId));
            Assert.That(_open.GetProperty("pipelineName").GetString(), Is.EqualTo(Payments.PipelineName));
            Assert.That(stage.GetProperty("stageId").GetString(), Is.EqualTo("F1-deploy"));
            Assert.That(stage.GetProperty("errors").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { StageError, TaskError }));
            Assert.That(_open.GetProperty("resolvedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(_open.GetProperty("recoveryMs").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public void Should_carry_the_trigger_the_last_success_and_what_changed_since()
    {
        var changes = _open.GetProperty("changes").EnumerateArray()
            .Select(c => (c.GetProperty("kind").GetString(), c.GetProperty("name").GetString(), c.GetProperty("before").GetString(), c.GetProperty("after").GetString()));
        Assert.Multiple(() =>
        {
            Assert.That(_open.GetProperty("trigger").GetProperty("type").GetString(), Is.EqualTo("manual"));
            Assert.That(_open.GetProperty("trigger").GetProperty("user").GetString(), Is.EqualTo("bob@example.com"));
            Assert.That(_open.GetProperty("trigger").GetProperty("parameters").GetProperty("imageTag").GetString(), Is.EqualTo("1.4.2"));
            Assert.That(_open.GetProperty("lastSuccessfulExecutionId").GetString(), Is.EqualTo("S0"));
            Assert.That(changes, Is.EqualTo(new[] { ("version", Image, "1.4.1", "1.4.2"), ("parameter", "imageTag", "1.4.1", "1.4.2") }));
        });
    }

    [Test]
    public void Should_gather_the_second_failure_with_its_own_context()
    {
        var failures = _resolved.GetProperty("failedExecutions").EnumerateArray().ToList();
        Assert.That(failures.Select(f => f.GetProperty("executionId").GetString()), Is.EqualTo(new[] { "F1", "F2" }));
        Assert.That(failures[1].GetProperty("failedAt").GetDateTimeOffset(), Is.EqualTo(At(3)));
        Assert.That(failures[1].GetProperty("failedStages")[0].GetProperty("stageId").GetString(), Is.EqualTo("F2-deploy"));
        Assert.That(failures[1].GetProperty("changes")[0].GetProperty("after").GetString(), Is.EqualTo("1.4.3"));
        Assert.That(_resolved.GetProperty("lastFailedAt").GetDateTimeOffset(), Is.EqualTo(At(3)));
    }

    [Test]
    public void Should_resolve_it_with_the_recovery_time_in_milliseconds()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_resolved.GetProperty("status").GetString(), Is.EqualTo("resolved"));
            Assert.That(_resolved.GetProperty("resolvedByExecutionId").GetString(), Is.EqualTo("S1"));
            Assert.That(_resolved.GetProperty("resolvedAt").GetDateTimeOffset(), Is.EqualTo(At(5.5)));
            Assert.That(_resolved.GetProperty("recoveryMs").GetInt64(), Is.EqualTo(3.5 * 3_600_000), "resolved at 05:30 minus opened at 02:00");
        });
    }

    [Test]
    public async Task Should_publish_the_opening_and_the_resolution_once_each_under_their_event_ids()
    {
        var opened = await ReceivedAsync(() => Opened(Tenant), 1, "IncidentOpened");
        var resolved = await ReceivedAsync(() => Resolved(Tenant), 1, "IncidentResolved");
        Assert.Multiple(() =>
        {
            Assert.That(opened, Has.Count.EqualTo(1), "the duplicate deliveries publish nothing");
            Assert.That(resolved, Has.Count.EqualTo(1));
            Assert.That(opened[0].MessageId, Is.EqualTo(opened[0].Message.EventId));
            Assert.That(resolved[0].MessageId, Is.EqualTo(resolved[0].Message.EventId));
            Assert.That(opened[0].Message.IncidentId, Is.EqualTo(_incidentId));
            Assert.That(opened[0].Message.Changes, Has.Count.EqualTo(2));
            Assert.That(resolved[0].Message.FailedExecutionIds, Is.EqualTo(new[] { "F1", "F2" }));
            Assert.That(resolved[0].Message.RecoveryMs, Is.EqualTo(3.5 * 3_600_000));
        });
    }

    [Test]
    public async Task Should_store_each_step_once_in_the_incident_s_stream_and_each_run_once_in_the_history()
    {
        Assert.That(await TheService.Isolated.CountAsync(
            "SELECT count(*) FROM rollback.mt_events WHERE tenant_id = $1 AND stream_id = $2", Tenant, "incident:" + _incidentId), Is.EqualTo(3),
            "opened, joined, resolved");
        Assert.That(await TheService.Isolated.CountAsync("SELECT count(*) FROM rollback.incident_runs WHERE tenant = $1", Tenant), Is.EqualTo(4));
    }
}

/// <summary>A pipeline fails, and fails again a day and a half later; another pipeline of the application succeeds in between.</summary>
[TestFixture, NonParallelizable]
public sealed class When_a_pipeline_fails_again_after_the_join_window
{
    private const string Tenant = "incidents-window";

    [Test]
    public async Task Should_open_a_second_incident_and_leave_both_open()
    {
        var payments = new PipelineRuns(Tenant);
        var other = new PipelineRuns(Tenant, configId: "5b7f3c1d-0000-4000-8000-000000000002", pipelineName: "Smoke test payments-api");
        await PublishInOrderAsync(payments.Failed("F1", At(0)), other.Succeeded("O1", At(1)), payments.Failed("F2", At(36)));

        var open = await IncidentsUntilAsync(Tenant, "?status=open", l => l.Length == 2, "two open incidents");
        Assert.That(open.Select(i => i.GetProperty("openedByExecutionId").GetString()), Is.EqualTo(new[] { "F2", "F1" }), "newest first");
        Assert.That((await ReceivedAsync(() => Opened(Tenant), 2, "two IncidentOpened")).Select(o => o.Message.ExecutionId), Is.EquivalentTo(new[] { "F1", "F2" }));
        Assert.That(Resolved(Tenant), Is.Empty, "another pipeline's success recovers nothing here");
    }
}
