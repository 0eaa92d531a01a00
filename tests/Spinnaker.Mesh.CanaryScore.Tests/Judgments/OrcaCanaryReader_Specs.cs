using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Judgments;
using Spinnaker.Mesh.CanaryScore.Tests.Support;

namespace Spinnaker.Mesh.CanaryScore.Tests.Judgments;

[TestFixture]
public sealed class Reading_the_canary_stages_of_an_execution_snapshot
{
    private static readonly AccountEnvironments Environments = new(new Dictionary<string, string> { ["PROD-US"] = "production" });

    private static CanaryPipelineRun TwoIntervals() =>
        new CanaryPipelineRun("t", "01HXWHX6R3HFD8E84SY7VMEQQ9").Interval("kayenta-1", 88.4).Interval("kayenta-2", 93.99);

    [Test]
    public void Should_find_one_run_per_interval_with_Orcas_truncated_score()
    {
        var runs = OrcaCanaryReader.Read(TwoIntervals().Completed(), Environments);

        Assert.That(runs.Select(r => (r.JudgmentId, r.Interval, r.Score)),
            Is.EqualTo(new[] { ("kayenta-1", 1, (double?)88), ("kayenta-2", 2, (double?)93) }));
    }

    [Test]
    public void Should_take_config_thresholds_scopes_and_context_from_the_canary_stage_and_the_deploy()
    {
        var run = TwoIntervals();
        var first = OrcaCanaryReader.Read(run.Completed(), Environments)[0];

        Assert.Multiple(() =>
        {
            Assert.That(first.ConfigId, Is.EqualTo(run.ConfigId));
            Assert.That(first.ConfigName, Is.EqualTo("checkout-latency"), "named by the parent only");
            Assert.That((first.PassThreshold, first.MarginalThreshold), Is.EqualTo(((double?)90, (double?)75)));
            Assert.That(first.Service, Is.EqualTo("checkout-api"));
            Assert.That(first.ExperimentLocation, Is.EqualTo("us-east-1"));
            Assert.That(first.Account, Is.EqualTo("prod-us"), "the deploy stage of the canary's cluster");
            Assert.That(first.Environment, Is.EqualTo("production"), "accounts map to environments whatever their case");
            Assert.That(first.PipelineExecutionId, Is.EqualTo(run.ExecutionId));
            Assert.That(first.CanaryStageId, Is.EqualTo(run.CanaryStageId), "found through runCanaryIntervals");
            Assert.That(first.StageId, Is.EqualTo(run.RunCanaryStageId(1)));
            Assert.That(first.JudgedAt, Is.EqualTo(run.ScoredAt(1)), "lastUpdatedIso");
            Assert.That(first.Status, Is.EqualTo("succeeded"));
        });
    }

    [Test]
    public void Should_read_a_finished_interval_from_its_own_stage_end_before_the_parent_has_scores()
    {
        var runs = OrcaCanaryReader.Read(TwoIntervals().RunCanaryCompleted(1), Environments);

        Assert.That(runs.Select(r => (r.JudgmentId, r.Score, r.ConfigName)), Is.EqualTo(new[] { ("kayenta-1", (double?)88, "checkout-latency") }));
    }

    [Test]
    public void Should_derive_a_stable_id_for_a_score_without_a_Kayenta_execution()
    {
        var run = new CanaryPipelineRun("t", "01HXEXEC").Interval(null, 80.7);
        var first = OrcaCanaryReader.Read(run.Completed(), Environments).Single();
        var again = OrcaCanaryReader.Read(run.CanaryStageCompleted(), Environments).Single();

        Assert.That(first.JudgmentId, Is.EqualTo(CanaryRunStreams.DerivedJudgmentId(run.ExecutionId, run.CanaryStageId, 1)));
        Assert.That(again.JudgmentId, Is.EqualTo(first.JudgmentId));
        Assert.That(first.Score, Is.EqualTo(80));
    }

    [Test]
    public void Should_read_intervals_from_the_parents_scores_when_the_snapshot_lacks_the_interval_stages()
    {
        var run = TwoIntervals();
        var runs = OrcaCanaryReader.Read(run.Completed(withIntervals: false), Environments);

        Assert.That(runs.Select(r => (r.JudgmentId, r.Interval, r.Score)), Is.EqualTo(new[]
        {
            (CanaryRunStreams.DerivedJudgmentId(run.ExecutionId, run.CanaryStageId, 1), 1, (double?)88),
            (CanaryRunStreams.DerivedJudgmentId(run.ExecutionId, run.CanaryStageId, 2), 2, (double?)93),
        }));
    }

    [Test]
    public void Should_record_a_failed_interval_without_a_score()
    {
        var run = new CanaryPipelineRun("t", "01HXFAIL").Interval("kayenta-f", null, status: "TERMINAL");
        var failed = OrcaCanaryReader.Read(run.RunCanaryCompleted(1), Environments).Single();

        Assert.That((failed.Status, failed.Score), Is.EqualTo(("terminal", (double?)null)));
        Assert.That(failed.Error, Does.Contain("custom filter is required"));
    }

    [Test]
    public void Should_leave_a_running_interval_for_a_later_snapshot()
    {
        var run = new CanaryPipelineRun("t", "01HXRUN").Interval("kayenta-r", null, status: "RUNNING");
        Assert.That(OrcaCanaryReader.Read(run.RunCanaryCompleted(1), Environments), Is.Empty);
    }

    [Test]
    public void Should_find_nothing_in_an_execution_without_canary_stages()
    {
        var run = new CanaryPipelineRun("t", "01HXNONE");
        var e = new Contracts.Executions.V1.PipelineCompleted(Guid.NewGuid(), CanaryPipelineRun.T0, run.Execution(true), [run.DeployStage]);
        Assert.That(OrcaCanaryReader.Read(e, Environments), Is.Empty);
    }
}
