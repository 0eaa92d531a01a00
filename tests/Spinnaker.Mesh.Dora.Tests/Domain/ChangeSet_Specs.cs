using NUnit.Framework;
using Spinnaker.Mesh.Dora.Domain.Classification;
using Spinnaker.Mesh.Dora.Domain.Inputs;
using static Spinnaker.Mesh.Dora.Tests.Domain.Scenario;

namespace Spinnaker.Mesh.Dora.Tests.Domain;

public sealed class When_a_deployment_follows_a_baseline_on_a_linear_history
{
    // c1 (08:00) ← c2 (09:00) ← c3 (09:30); baseline c1; d1 deploys c3 at 10:00.
    private static readonly CommitObservation[] Commits =
        [Commit("c1", At(0, 8)), Commit("c2", At(0, 9), "c1"), Commit("c3", At(0, 9, 30), "c2")];

    private static readonly DoraSettings WithBaseline = Settings with
    {
        Baselines = new Dictionary<string, DoraBaseline> { [App] = new("c1", null) },
    };

    [Test]
    public void Should_credit_the_commits_after_the_baseline_with_their_lead_times()
    {
        var row = Classify([Deployment("d1", "c3", At(0, 10))], Commits, settings: WithBaseline).Row("d1");
        // c2: 10:00 − 09:00 = 3600 s; c3: 10:00 − 09:30 = 1800 s. c1 is the baseline.
        Assert.That(row.ChangeSet.Select(c => (c.Sha, c.LeadTimeSeconds)), Is.EqualTo(new[] { ("c2", 3600.0), ("c3", 1800.0) }));
    }

    [Test]
    public void Should_add_nothing_when_the_same_sha_is_deployed_again()
    {
        var rows = Classify([Deployment("d1", "c3", At(0, 10)), Deployment("d2", "c3", At(1, 10))], Commits, settings: WithBaseline);
        Assert.That((rows.Row("d2").Classification, rows.Row("d2").ChangeSet.Count), Is.EqualTo((DeploymentClasses.NoopRedeploy, 0)));
    }

    [Test]
    public void Should_credit_a_failed_deployments_commits_to_the_next_successful_one()
    {
        var failed = Execution("d1", "TERMINAL", Git("c2"), Deploy(At(0, 10)));
        var rows = Classify([failed, Deployment("d2", "c3", At(1, 10))], Commits, settings: WithBaseline);
        // d2 at day 1 10:00: c2 (day 0 09:00) 25 h = 90000 s; c3 (day 0 09:30) 24.5 h = 88200 s.
        Assert.That(rows.Row("d2").ChangeSet.Select(c => (c.Sha, c.LeadTimeSeconds)), Is.EqualTo(new[] { ("c2", 90000.0), ("c3", 88200.0) }));
        Assert.That(rows.Row("d1").ChangeSet, Is.Empty);
    }

    [Test]
    public void Should_count_commits_that_went_to_staging_first_only_when_they_reach_production()
    {
        var rows = Classify([Deployment("s1", "c3", At(0, 10), account: "staging"), Deployment("d1", "c3", At(2, 10))], Commits, settings: WithBaseline);
        // Production at day 2 10:00: c2 = 49 h = 176400 s; c3 = 48.5 h = 174600 s.
        Assert.That(rows.Row("d1").ChangeSet.Select(c => c.LeadTimeSeconds), Is.EqualTo(new[] { 176400.0, 174600.0 }));
    }

    [Test]
    public void Should_take_the_baseline_from_its_deployed_at_onwards_only()
    {
        // The baseline says c1 ran from day 1. d0 (day 0) deployed c2 before that: with no baseline yet it established one.
        var settings = Settings with { Baselines = new Dictionary<string, DoraBaseline> { [App] = new("c1", At(1)) } };
        var rows = Classify([Deployment("d0", "c2", At(0, 10)), Deployment("d1", "c3", At(2, 10))], Commits, settings: settings);
        Assert.Multiple(() =>
        {
            Assert.That(rows.Row("d0").Notes, Does.Contain(DeploymentNotes.BaselineEstablished));
            // c2 is covered by d0 already: only c3 (day 0 09:30 → day 2 10:00 = 48.5 h = 174600 s).
            Assert.That(rows.Row("d1").ChangeSet.Select(c => (c.Sha, c.LeadTimeSeconds)), Is.EqualTo(new[] { ("c3", 174600.0) }));
        });
    }
}

public sealed class When_no_baseline_is_configured
{
    [Test]
    public void Should_let_the_first_deployment_establish_it_without_lead_times()
    {
        CommitObservation[] commits = [Commit("c1", At(-30)), Commit("c2", At(0, 9), "c1"), Commit("c3", At(1, 9), "c2")];
        var rows = Classify([Deployment("d1", "c2", At(0, 10)), Deployment("d2", "c3", At(1, 10))], commits);
        Assert.Multiple(() =>
        {
            // Not 30 days of history credited to the first webhook deployment (apache/devlake#8249).
            Assert.That(rows.Row("d1").ChangeSet, Is.Empty);
            Assert.That(rows.Row("d1").Notes, Does.Contain(DeploymentNotes.BaselineEstablished));
            Assert.That(rows.Row("d2").ChangeSet.Select(c => (c.Sha, c.LeadTimeSeconds)), Is.EqualTo(new[] { ("c3", 3600.0) }));
        });
    }
}

public sealed class When_the_deployed_commit_is_a_merge
{
    [Test]
    public void Should_credit_both_branches_and_not_the_merge_commit()
    {
        // c1 ← c2 (main, 08:00); c1 ← f1 (feature, 07:00); m = merge(c2, f1) at 09:00; baseline c1; deploy m at 10:00.
        CommitObservation[] commits = [Commit("c1", At(-1)), Commit("c2", At(0, 8), "c1"), Commit("f1", At(0, 7), "c1"), Commit("m", At(0, 9), "c2", "f1")];
        var settings = Settings with { Baselines = new Dictionary<string, DoraBaseline> { [App] = new("c1", null) } };
        var row = Classify([Deployment("d1", "m", At(0, 10))], commits, settings: settings).Row("d1");
        // f1: 3 h = 10800 s; c2: 2 h = 7200 s (ordered by commit time).
        Assert.That(row.ChangeSet.Select(c => (c.Sha, c.LeadTimeSeconds)), Is.EqualTo(new[] { ("f1", 10800.0), ("c2", 7200.0) }));
    }

    [Test]
    public void Should_not_credit_again_a_branch_an_earlier_deployment_contained()
    {
        // d1 deployed f1 directly; then m = merge(c2, f1) is deployed: only c2 is new.
        CommitObservation[] commits = [Commit("c1", At(-1)), Commit("c2", At(0, 8), "c1"), Commit("f1", At(0, 7), "c1"), Commit("m", At(1, 9), "c2", "f1")];
        var settings = Settings with { Baselines = new Dictionary<string, DoraBaseline> { [App] = new("c1", null) } };
        var rows = Classify([Deployment("d1", "f1", At(0, 10)), Deployment("d2", "m", At(1, 10))], commits, settings: settings);
        // c2: day 0 08:00 → day 1 10:00 = 26 h = 93600 s.
        Assert.That(rows.Row("d2").ChangeSet.Select(c => (c.Sha, c.LeadTimeSeconds)), Is.EqualTo(new[] { ("c2", 93600.0) }));
    }
}

public sealed class When_commit_times_carry_offsets
{
    [Test]
    public void Should_measure_lead_time_between_instants_and_report_commit_times_in_utc()
    {
        CommitObservation[] commits =
        [
            Commit("c1", At(-1)),
            Commit("c2", new DateTimeOffset(2026, 3, 1, 22, 30, 0, TimeSpan.FromHours(-5)), "c1"), // = 2026-03-02 03:30Z
            Commit("c3", new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(2)), "c2"),   // = 2026-03-02 08:00Z
        ];
        var settings = Settings with { Baselines = new Dictionary<string, DoraBaseline> { [App] = new("c1", null) } };
        var row = Classify([Deployment("d1", "c3", At(0, 10))], commits, settings: settings).Row("d1");
        // 10:00Z − 03:30Z = 6.5 h = 23400 s; 10:00Z − 08:00Z = 2 h = 7200 s (not 0, as wall-clock 10:00 would give).
        Assert.That(row.ChangeSet.Select(c => (c.CommitTime, c.LeadTimeSeconds)), Is.EqualTo(new[]
        {
            (new DateTimeOffset(2026, 3, 2, 3, 30, 0, TimeSpan.Zero), 23400.0),
            (new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), 7200.0),
        }));
        Assert.That(row.ChangeSet.Select(c => c.CommitTime.Offset), Is.All.EqualTo(TimeSpan.Zero));
    }
}

public sealed class When_a_commit_is_authored_after_its_deployment
{
    [Test]
    public void Should_drop_the_negative_lead_time_and_keep_a_zero_one()
    {
        // c2 authored exactly at deployment time (0 s, kept); c3 authored 30 minutes after it (clock skew, dropped and counted).
        CommitObservation[] commits = [Commit("c1", At(-1)), Commit("c2", At(0, 10), "c1"), Commit("c3", At(0, 10, 30), "c2")];
        var settings = Settings with { Baselines = new Dictionary<string, DoraBaseline> { [App] = new("c1", null) } };
        var row = Classify([Deployment("d1", "c3", At(0, 10))], commits, settings: settings).Row("d1");
        Assert.That((row.ChangeSet.Single().Sha, row.ChangeSet.Single().LeadTimeSeconds, row.NegativeLeadTimes), Is.EqualTo(("c2", 0.0, 1)));
    }
}

public sealed class When_the_deployed_commit_is_unknown
{
    [Test]
    public void Should_report_the_gap_and_credit_no_history()
    {
        CommitObservation[] commits = [Commit("c1", At(-1)), Commit("c2", At(0, 9), "c1")];
        var settings = Settings with { Baselines = new Dictionary<string, DoraBaseline> { [App] = new("c1", null) } };
        var rows = Classify([Deployment("d1", "ffffffff", At(0, 10)), Deployment("d2", "c2", At(1, 10))], commits, settings: settings);
        Assert.Multiple(() =>
        {
            Assert.That(rows.Row("d1").ChangeInfoGap, Is.EqualTo(ChangeInfoGaps.ShaNotInCommitHistory));
            // The previous head is unknown, so nothing bounds d2's walk: reported rather than guessed.
            Assert.That(rows.Row("d2").ChangeInfoGap, Is.EqualTo(ChangeInfoGaps.PreviousShaNotInCommitHistory));
            Assert.That(rows.Row("d2").ChangeSet, Is.Empty);
        });
    }
}
