using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Incidents.Domain;
using Spinnaker.Mesh.Rollback.Tests.Incidents.Support;
using static Spinnaker.Mesh.Rollback.Tests.Incidents.Support.PipelineRuns;

namespace Spinnaker.Mesh.Rollback.Tests.Incidents.Domain;

[TestFixture]
public sealed class When_a_pipeline_keeps_failing_within_the_join_window
{
    private static readonly PipelineRuns Payments = new("acme");

    [Test]
    public void Should_gather_every_failure_into_the_incident_and_publish_its_opening_once()
    {
        var scenario = new IncidentScenario(Payments);
        // 20 h apart each: the third ends 40 h after the first, but within a day of the one before it.
        scenario.Observe(Payments.Failed("F1", At(0)), Payments.Failed("F2", At(20)), Payments.Failed("F3", At(40), "CANCELED"));
        Assert.Multiple(() =>
        {
            Assert.That(scenario.Opened, Has.Count.EqualTo(1));
            Assert.That(scenario.Single.Failures.Select(f => f.ExecutionId), Is.EqualTo(new[] { "F1", "F2", "F3" }));
            Assert.That(scenario.Single.Failures.Select(f => f.Status), Is.EqualTo(new[] { "TERMINAL", "TERMINAL", "CANCELED" }));
            Assert.That(scenario.Single.LastFailedAt, Is.EqualTo(At(40)));
            Assert.That(scenario.Single.OpenedAt, Is.EqualTo(At(0)));
        });
    }

    [Test]
    public void Should_keep_each_joined_failure_s_own_stages_and_changes()
    {
        var scenario = new IncidentScenario(Payments);
        scenario.Observe(Payments.Succeeded("S0", At(0), "1.4.1"), Payments.Failed("F1", At(1), version: "1.4.2"),
            Payments.Failed("F2", At(2), version: "1.4.3"));
        var joined = scenario.Single.Failures.Single(f => f.ExecutionId == "F2");
        Assert.That(joined.FailedStages.Single().StageId, Is.EqualTo("F2-deploy"));
        Assert.That(joined.LastSuccessfulExecutionId, Is.EqualTo("S0"));
        Assert.That(joined.Changes.Select(c => c.After), Is.EqualTo(new[] { "1.4.3", "1.4.3" }));
    }

    [Test]
    public void Should_keep_an_execution_that_fails_again_after_a_restart_once()
    {
        var scenario = new IncidentScenario(Payments);
        scenario.Observe(Payments.Failed("F1", At(0)), Payments.Failed("F1", At(1)));
        Assert.That(scenario.Single.Failures.Single().FailedAt, Is.EqualTo(At(1)));
        Assert.That(scenario.Opened, Has.Count.EqualTo(1));
    }
}

[TestFixture]
public sealed class When_a_pipeline_fails_again_after_the_join_window
{
    private static readonly PipelineRuns Payments = new("acme");

    [Test]
    public void Should_open_a_new_incident()
    {
        var scenario = new IncidentScenario(Payments);
        scenario.Observe(Payments.Failed("F1", At(0)), Payments.Failed("F2", At(25)));
        Assert.That(scenario.Opened.Select(o => o.ExecutionId), Is.EqualTo(new[] { "F1", "F2" }));
        Assert.That(scenario.Incidents.Select(i => i.Status), Is.All.EqualTo(IncidentStatus.Open));
    }

    [Test]
    public void Should_count_the_window_from_the_setting()
    {
        var scenario = new IncidentScenario(Payments, joinWindow: TimeSpan.FromHours(2));
        scenario.Observe(Payments.Failed("F1", At(0)), Payments.Failed("F2", At(2)), Payments.Failed("F3", At(4.5)));
        Assert.That(scenario.Incidents.Select(i => i.Failures.Count), Is.EqualTo(new[] { 2, 1 }));
    }

    [Test]
    public void Should_let_the_next_success_resolve_both_open_incidents()
    {
        var scenario = new IncidentScenario(Payments);
        scenario.Observe(Payments.Failed("F1", At(0)), Payments.Failed("F2", At(25)), Payments.Succeeded("S1", At(30)));
        Assert.That(scenario.Resolved.Select(r => (r.ResolvedByExecutionId, r.RecoveryMs)), Is.EquivalentTo(new[]
        {
            ("S1", (long)TimeSpan.FromHours(30).TotalMilliseconds),
            ("S1", (long)TimeSpan.FromHours(5).TotalMilliseconds),
        }));
    }
}

[TestFixture]
public sealed class When_Orca_reports_a_cancellation_twice
{
    [Test]
    public void Should_keep_one_incident_with_the_later_end()
    {
        // At the moment of cancelling, Orca sends the failure before endTime is set (ingest dates it by the event);
        // when the stages have finished it sends it again with endTime (echo.md §6).
        var payments = new PipelineRuns("acme");
        var scenario = new IncidentScenario(payments);
        var early = payments.Failed("F1", At(1), "CANCELED", canceledBy: "alice@example.com");
        var late = payments.Failed("F1", At(1.01), "CANCELED", canceledBy: "alice@example.com");
        scenario.Observe(early with { Execution = early.Execution with { EndTime = null } }, late);
        Assert.That(scenario.Opened, Has.Count.EqualTo(1));
        Assert.That(scenario.Single.Failures.Single().FailedAt, Is.EqualTo(At(1.01)));
        Assert.That(scenario.Single.OpenedAt, Is.EqualTo(At(1)), "as published");
    }
}
