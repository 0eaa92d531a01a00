using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Rollback.Incidents.Domain;
using Spinnaker.Mesh.Rollback.Tests.Incidents.Support;
using static Spinnaker.Mesh.Rollback.Tests.Incidents.Support.PipelineRuns;

namespace Spinnaker.Mesh.Rollback.Tests.Incidents.Domain;

[TestFixture]
public sealed class When_a_success_that_ended_before_the_failure_arrives_after_it
{
    [Test]
    public void Should_not_resolve_the_incident()
    {
        var payments = new PipelineRuns("acme");
        var scenario = new IncidentScenario(payments);
        scenario.Observe(payments.Failed("F1", At(5)), payments.Succeeded("S0", At(4)));
        Assert.That(scenario.Resolved, Is.Empty);
        Assert.That(scenario.Single.Status, Is.EqualTo(IncidentStatus.Open));
    }

    [Test]
    public void Should_not_resolve_it_when_it_ended_between_the_incident_s_failures_either()
    {
        var payments = new PipelineRuns("acme");
        var scenario = new IncidentScenario(payments);
        scenario.Observe(payments.Failed("F1", At(1)), payments.Failed("F2", At(3)), payments.Succeeded("S0", At(2)));
        Assert.That(scenario.Resolved, Is.Empty);
    }
}

[TestFixture]
public sealed class When_a_failure_arrives_after_a_success_that_ended_later
{
    private static readonly PipelineRuns Payments = new("acme");

    [Test]
    public void Should_open_an_incident_that_success_resolves_at_once()
    {
        var scenario = new IncidentScenario(Payments);
        scenario.Observe(Payments.Succeeded("S0", At(0), "1.4.1"), Payments.Succeeded("S1", At(5), "1.4.3"), Payments.Failed("F1", At(3), version: "1.4.2"));
        var opened = scenario.Opened.Single();
        var resolved = scenario.Resolved.Single();
        Assert.Multiple(() =>
        {
            Assert.That(opened.ExecutionId, Is.EqualTo("F1"));
            Assert.That(opened.LastSuccessfulExecutionId, Is.EqualTo("S0"), "the last success by end time, not by arrival");
            Assert.That(opened.Changes.First().Before, Is.EqualTo("1.4.1"));
            Assert.That(resolved.ResolvedByExecutionId, Is.EqualTo("S1"));
            Assert.That(resolved.RecoveryMs, Is.EqualTo(2 * 3_600_000));
            Assert.That(scenario.Published, Is.EqualTo(new object[] { opened, resolved }), "opened, then resolved");
        });
    }

    [Test]
    public void Should_join_the_incident_that_success_resolved_when_it_ended_inside_it()
    {
        var scenario = new IncidentScenario(Payments);
        scenario.Observe(Payments.Failed("F1", At(2)), Payments.Succeeded("S1", At(5)), Payments.Failed("F2", At(3)));
        Assert.That(scenario.Single.Failures.Select(f => f.ExecutionId), Is.EqualTo(new[] { "F1", "F2" }));
        Assert.That(scenario.Single.ResolvedByExecutionId, Is.EqualTo("S1"));
        Assert.That(scenario.Opened, Has.Count.EqualTo(1));
        Assert.That(scenario.Resolved, Has.Count.EqualTo(1));
    }
}

[TestFixture]
public sealed class When_a_failure_arrives_after_a_later_one_opened_the_incident
{
    [Test]
    public void Should_join_it_as_its_first_failure_without_moving_when_it_opened()
    {
        var payments = new PipelineRuns("acme");
        var scenario = new IncidentScenario(payments);
        scenario.Observe(payments.Failed("F2", At(3)), payments.Failed("F1", At(2)));
        Assert.That(scenario.Single.Failures.Select(f => f.ExecutionId), Is.EqualTo(new[] { "F1", "F2" }));
        Assert.That(scenario.Single.FirstFailedAt, Is.EqualTo(At(2)));
        Assert.That(scenario.Single.OpenedAt, Is.EqualTo(At(3)), "as IncidentOpened published it");
    }

    [Test]
    public void Should_open_its_own_when_a_success_ended_between_them()
    {
        var payments = new PipelineRuns("acme");
        var scenario = new IncidentScenario(payments);
        scenario.Observe(payments.Succeeded("S1", At(2.5)), payments.Failed("F2", At(3)), payments.Failed("F1", At(2)));
        Assert.That(scenario.Incidents, Has.Count.EqualTo(2));
        Assert.That(scenario.Incidents.Single(i => i.OpenedByExecutionId == "F1").ResolvedByExecutionId, Is.EqualTo("S1"));
        Assert.That(scenario.Incidents.Single(i => i.OpenedByExecutionId == "F2").Status, Is.EqualTo(IncidentStatus.Open));
    }
}

[TestFixture]
public sealed class When_Echo_delivers_a_failure_streak_in_any_order
{
    private static readonly PipelineRuns Payments = new("acme");

    private static IEnumerable<TestCaseData> Orders()
    {
        var runs = new[] { Payments.Failed("F1", At(1)), Payments.Failed("F2", At(2)), Payments.Succeeded("S1", At(4)) };
        foreach (var order in Permutations([0, 1, 2]))
            yield return new TestCaseData((object)order.Select(i => runs[i]).ToArray())
                .SetArgDisplayNames(string.Join(" ", order.Select(i => runs[i].Execution.ExecutionId)));
    }

    [TestCaseSource(nameof(Orders))]
    public void Should_gather_one_incident_resolved_by_the_success(PipelineCompleted[] order)
    {
        var scenario = new IncidentScenario(Payments);
        scenario.Observe(order);
        Assert.Multiple(() =>
        {
            Assert.That(scenario.Single.Failures.Select(f => f.ExecutionId), Is.EqualTo(new[] { "F1", "F2" }));
            Assert.That(scenario.Single.ResolvedByExecutionId, Is.EqualTo("S1"));
            Assert.That(scenario.Opened, Has.Count.EqualTo(1));
            Assert.That(scenario.Resolved, Has.Count.EqualTo(1));
        });
    }

    [TestCaseSource(nameof(Orders))]
    public void Should_change_nothing_when_every_run_is_delivered_again(PipelineCompleted[] order)
    {
        var scenario = new IncidentScenario(Payments);
        scenario.Observe(order);
        var published = scenario.Published.Count;
        var events = scenario.Single.Failures.ToList();
        foreach (var run in order.Reverse())
            Assert.That(scenario.Observe(run).Recorded, Is.Null, $"{run.Execution.ExecutionId} again");
        Assert.That(scenario.Published, Has.Count.EqualTo(published));
        Assert.That(scenario.Single.Failures, Is.EqualTo(events));
    }

    private static IEnumerable<int[]> Permutations(int[] items) => items.Length <= 1
        ? [items]
        : items.SelectMany(item => Permutations([.. items.Where(i => i != item)]).Select(rest => new[] { item }.Concat(rest).ToArray()));
}

[TestFixture]
public sealed class When_the_same_execution_is_delivered_twice
{
    [Test]
    public void Should_record_it_once_and_publish_nothing_more()
    {
        var payments = new PipelineRuns("acme");
        var scenario = new IncidentScenario(payments);
        var failure = payments.Failed("F1", At(1));
        scenario.Observe(failure);
        var again = scenario.Observe(failure);
        Assert.That(again.Recorded, Is.Null);
        Assert.That(again.Steps, Is.Empty);
        Assert.That(scenario.Opened, Has.Count.EqualTo(1));
    }

    [Test]
    public void Should_ignore_an_older_outcome_of_it_too()
    {
        var payments = new PipelineRuns("acme");
        var scenario = new IncidentScenario(payments);
        scenario.Observe(payments.Failed("F1", At(1)), payments.Succeeded("F1", At(2)));
        Assert.That(scenario.Observe(payments.Failed("F1", At(1.5))).Recorded, Is.Null, "the restart's success is newer");
        Assert.That(scenario.Runs.Single().Status, Is.EqualTo("SUCCEEDED"));
    }
}

[TestFixture]
public sealed class When_a_run_is_older_than_the_history_kept
{
    [Test]
    public void Should_not_judge_it()
    {
        var payments = new PipelineRuns("acme");
        var pipeline = DeployContext.Observe(payments.Succeeded("S1", At(10)))!.Pipeline;
        var kept = new[] { DeployContext.Observe(payments.Succeeded("S1", At(10)))!.Run, DeployContext.Observe(payments.Succeeded("S2", At(11)))!.Run };
        var late = DeployContext.Observe(payments.Failed("F0", At(9)))!;

        Assert.That(new PipelineBook(pipeline, kept, [], historyFull: true).Decide(late, TimeSpan.FromDays(1)).Recorded, Is.Null);
        Assert.That(new PipelineBook(pipeline, kept, [], historyFull: false).Decide(late, TimeSpan.FromDays(1)).Recorded, Is.Not.Null,
            "while the history is not full, it holds every run there was");
    }
}
