using NUnit.Framework;
using Spinnaker.Mesh.Dora.Domain.Classification;
using Spinnaker.Mesh.Dora.Domain.Figures;
using Spinnaker.Mesh.Dora.Domain.Inputs;
using static Spinnaker.Mesh.Dora.Tests.Domain.Scenario;

namespace Spinnaker.Mesh.Dora.Tests.Domain;

/// <summary>The figures of <see cref="History"/>, every number worked out by hand below.</summary>
public sealed class When_three_weeks_of_production_history_are_summarized
{
    private static DoraSummary Summary() =>
        DoraCalculator.Summary(Classify(History.Executions, History.Commits, History.Incidents, History.Settings), ThreeWeeks());

    [Test]
    public void Should_count_deployment_frequency_in_deployment_days_per_iso_week()
    {
        var df = Summary().DeploymentFrequency;
        // Successful: d1 d2 d4 d5 d7 = 5. Days: W10 {Mon, Tue, Sun} = 3, W11 {Mon, Wed} = 2, W12 0 → median of [0, 2, 3] = 2 → high.
        // Per day: 5 / 21 = 0.238095… → 0.2381.
        Assert.Multiple(() =>
        {
            Assert.That(df.Deployments, Is.EqualTo(5));
            Assert.That(df.DeploymentDaysPerWeek.Select(w => (w.IsoWeek, w.DeploymentDays)),
                Is.EqualTo(new[] { ("2026-W10", 3), ("2026-W11", 2), ("2026-W12", 0) }));
            Assert.That(df.MedianDeploymentDaysPerWeek, Is.EqualTo(2));
            Assert.That(df.DeploymentsPerDay, Is.EqualTo(0.2381));
            Assert.That(df.Tier, Is.EqualTo("high"));
        });
    }

    [Test]
    public void Should_take_the_median_and_p90_over_changes()
    {
        var lt = Summary().LeadTimeForChanges;
        // Samples: d1 14400, 7200; d2 3600; d4 14399; d5 3600; d7 172800, 3600 (d6 failed: its c6 is credited to d7).
        // Sorted [3600, 3600, 3600, 7200, 14399, 14400, 172800]: median the 4th = 7200 → elite.
        // p90: rank (7 − 1) × 0.9 = 5.4 → 14400 + 0.4 × (172800 − 14400) = 77760.
        Assert.That((lt.Changes, lt.MedianSeconds, lt.P90Seconds, lt.Tier), Is.EqualTo((7, (double?)7200, (double?)77760, (string?)"elite")));
    }

    [Test]
    public void Should_divide_failed_deployments_by_changes_to_production()
    {
        var cfr = Summary().ChangeFailureRate;
        // Changes: d1 d2 d4 d5 d6 d7 = 6 (the no-op d3 and the rollback are not). Failed: d2 (S4), d6 (S0), d7 (S2) = 3 → 0.5 → low.
        Assert.That((cfr.FailedDeployments, cfr.Deployments, cfr.Rate, cfr.Tier), Is.EqualTo((3, 6, (double?)0.5, (string?)"low")));
    }

    [Test]
    public void Should_take_the_median_recovery_of_the_recovered_failures()
    {
        var fdrt = Summary().FailedDeploymentRecoveryTime;
        // d2 14400 (incident), d6 86400 (next deployment d7), d7 3600 (rollback) → sorted [3600, 14400, 86400], median 14400 → high.
        Assert.That((fdrt.Recovered, fdrt.Open, fdrt.MedianSeconds, fdrt.Tier), Is.EqualTo((3, 0, (double?)14400, (string?)"high")));
    }

    [Test]
    public void Should_report_the_rework_rate()
    {
        var rework = Summary().DeploymentReworkRate;
        // Remediations: rb = 1. Deployments: 6 changes + 1 rollback = 7 → 1/7 = 0.142857… → 0.1429.
        Assert.That((rework.Remediations, rework.Deployments, rework.Rate), Is.EqualTo((1, 7, (double?)0.1429)));
    }

    [Test]
    public void Should_put_a_deployment_at_monday_midnight_in_the_new_week()
    {
        var weeks = Summary().Weeks;
        Assert.Multiple(() =>
        {
            Assert.That(weeks.Select(w => (w.IsoWeek, w.WeekStart, w.WeekEnd)), Is.EqualTo(new[]
            {
                ("2026-W10", At(0), At(7)), ("2026-W11", At(7), At(14)), ("2026-W12", At(14), At(21)),
            }));
            // W10: d1 d2 d4 (d4 at Sunday 23:59:59); W11: d5 (Monday 00:00:00) d7.
            Assert.That(weeks.Select(w => (w.DeploymentFrequency.Deployments, w.DeploymentFrequency.DeploymentDays)),
                Is.EqualTo(new[] { (3, 3), (2, 2), (0, 0) }));
        });
    }

    [Test]
    public void Should_compute_each_week_from_its_own_samples()
    {
        var weeks = Summary().Weeks;
        Assert.Multiple(() =>
        {
            // W10 lead times [3600, 7200, 14399, 14400] → (7200 + 14399) / 2 = 10799.5; W11 [3600, 3600, 172800] → 3600.
            Assert.That(weeks.Select(w => (w.LeadTimeForChanges.Changes, w.LeadTimeForChanges.MedianSeconds)),
                Is.EqualTo(new[] { (4, (double?)10799.5), (3, 3600), (0, null) }));
            // W10: d2 of d1 d2 d4 → 1/3 = 0.3333; W11: d6 d7 of d5 d6 d7 → 2/3 = 0.6667; W12: none → null.
            Assert.That(weeks.Select(w => (w.ChangeFailureRate.FailedDeployments, w.ChangeFailureRate.Deployments, w.ChangeFailureRate.Rate)),
                Is.EqualTo(new[] { (1, 3, (double?)0.3333), (2, 3, 0.6667), (0, 0, null) }));
            // W10: [14400]; W11: [3600, 86400] → 45000.
            Assert.That(weeks.Select(w => (w.FailedDeploymentRecoveryTime.Recovered, w.FailedDeploymentRecoveryTime.MedianSeconds)),
                Is.EqualTo(new[] { (1, (double?)14400), (2, 45000), (0, null) }));
        });
    }

    [Test]
    public void Should_explain_itself_in_the_diagnostics()
    {
        var diagnostics = Summary().Diagnostics;
        Assert.Multiple(() =>
        {
            Assert.That(diagnostics.NoopRedeploys.Select(n => (n.ExecutionId, n.Version)), Is.EqualTo(new[] { ("d3", (string?)"c3") }));
            // rb restores what ran before d7: c6 (d6 failed without a rollback, so its version kept running until d7).
            Assert.That(diagnostics.RollbackRemediations.Select(r => (r.ExecutionId, r.Kind, r.Remediates, r.RestoredVersion)),
                Is.EqualTo(new[] { ("rb", RemediationKinds.RollbackStage, (string?)"d7", (string?)"c6") }));
            Assert.That(diagnostics.OpenFailures, Is.Empty);
            Assert.That(diagnostics.UnattributedChangeIncidents, Is.Empty);
            Assert.That(diagnostics.ExcludedExecutions.Select(e => (e.ExecutionId, e.Classification)),
                Is.EqualTo(new[] { ("d3", DeploymentClasses.NoopRedeploy) }));
        });
    }

    [Test]
    public void Should_list_every_deployment_with_its_changes_signals_and_recovery()
    {
        var rows = DoraCalculator.Deployments(Classify(History.Executions, History.Commits, History.Incidents, History.Settings), ThreeWeeks());
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => (r.ExecutionId, r.IsoWeek)), Is.EqualTo(new[]
            {
                ("d1", "2026-W10"), ("d2", "2026-W10"), ("d3", "2026-W10"), ("d4", "2026-W10"),
                ("d5", "2026-W11"), ("d6", "2026-W11"), ("d7", "2026-W11"), ("rb", "2026-W11"),
            }));
            var d7 = rows.Single(r => r.ExecutionId == "d7");
            Assert.That(d7.ChangeSet.Select(c => (c.Sha, c.LeadTimeSeconds)), Is.EqualTo(new[] { ("c6", 172800.0), ("c7", 3600.0) }));
            Assert.That(d7.FailureSignals.Select(s => (s.Signal, s.Evidence.RemediationExecutionId)), Is.EqualTo(new[] { ("S2", (string?)"rb") }));
            Assert.That((d7.Recovery!.Time, d7.Recovery.Seconds), Is.EqualTo((At(9, 11), 3600.0)));
            Assert.That(rows.Single(r => r.ExecutionId == "rb").Remediates, Is.EqualTo("d7"));
        });
    }
}

public sealed class When_an_application_has_two_production_environments
{
    // Baseline c0. c1 authored Mon 08:00, c2 Thu 09:00.
    // p1: production Mon 10:00 deploys c1 → 7200 s.  e1: production-eu Wed 08:00 deploys c1 → its own first arrival: 48 h = 172800 s.
    // e2: production-eu Thu 10:00 deploys c2 and ends TERMINAL → failed, never recovered (open).
    private static ApplicationClassification Classification() => Classify(
        [
            Deployment("p1", "c1", At(0, 10)),
            Deployment("e1", "c1", At(2, 8), account: "prod-euw1"),
            Execution("e2", "TERMINAL", Git("c2"), Deploy(At(3, 10), account: "prod-euw1")),
        ],
        [Commit("c0", At(-5)), Commit("c1", At(0, 8), "c0"), Commit("c2", At(3, 9), "c1")],
        settings: History.Settings);

    [Test]
    public void Should_slice_production()
    {
        var summary = DoraCalculator.Summary(Classification(), ThreeWeeks("production"));
        Assert.That((summary.DeploymentFrequency.Deployments, summary.LeadTimeForChanges.MedianSeconds, summary.ChangeFailureRate.Rate, summary.ChangeFailureRate.Tier),
            Is.EqualTo((1, (double?)7200, (double?)0, (string?)"elite")));
    }

    [Test]
    public void Should_slice_the_second_production_environment()
    {
        var summary = DoraCalculator.Summary(Classification(), ThreeWeeks("production-eu"));
        Assert.Multiple(() =>
        {
            // 1 successful (e1) with lead time 172800 → high; CFR 1 of 2 = 0.5; the failure is open.
            Assert.That((summary.DeploymentFrequency.Deployments, summary.LeadTimeForChanges.MedianSeconds, summary.LeadTimeForChanges.Tier),
                Is.EqualTo((1, (double?)172800, (string?)"high")));
            Assert.That((summary.ChangeFailureRate.FailedDeployments, summary.ChangeFailureRate.Deployments, summary.ChangeFailureRate.Rate),
                Is.EqualTo((1, 2, (double?)0.5)));
            Assert.That((summary.FailedDeploymentRecoveryTime.Recovered, summary.FailedDeploymentRecoveryTime.Open,
                summary.FailedDeploymentRecoveryTime.MedianSeconds, summary.FailedDeploymentRecoveryTime.Tier), Is.EqualTo((0, 1, (double?)null, (string?)null)));
            // Open at asOf = Mon 23 March 00:00 (day 21), deployed day 3 10:00: 17 d 14 h = 1468800 + 50400 = 1519200 s.
            Assert.That(summary.Diagnostics.OpenFailures.Select(o => (o.ExecutionId, o.AgeSeconds)), Is.EqualTo(new[] { ("e2", 1519200.0) }));
        });
    }

    [Test]
    public void Should_pool_both_environments_without_a_slice()
    {
        var summary = DoraCalculator.Summary(Classification(), ThreeWeeks());
        // Lead times [7200, 172800] → (7200 + 172800) / 2 = 90000 → high. CFR 1 of 3 (p1, e1, e2) = 0.3333 → low.
        Assert.That((summary.DeploymentFrequency.Deployments, summary.LeadTimeForChanges.MedianSeconds, summary.LeadTimeForChanges.Tier,
                summary.ChangeFailureRate.Rate, summary.ChangeFailureRate.Tier),
            Is.EqualTo((2, (double?)90000, (string?)"high", (double?)0.3333, (string?)"low")));
    }
}

public sealed class When_a_team_rolls_up_its_applications
{
    [Test]
    public void Should_pool_the_raw_samples_and_list_each_application()
    {
        // checkout: Mon 10:00 and Tue 10:00. cart: Tue 15:00, and Wed 10:00 which ends TERMINAL (a failed deployment).
        var checkout = Classify([Deployment("k1", "a1", At(0, 10)), Deployment("k2", "a2", At(1, 10))]);
        var cart = DoraClassifier.Classify("cart",
            [
                Deployment("c1", "b1", At(1, 15)) with { Application = "cart" },
                Execution("c2", "TERMINAL", Git("b2"), Deploy(At(2, 10))) with { Application = "cart" },
            ], [], [], Scenario.Settings);
        var team = DoraCalculator.Team("payments", [checkout, cart], ThreeWeeks());
        Assert.Multiple(() =>
        {
            Assert.That(team.Applications, Is.EqualTo(new[] { "cart", "checkout" }));
            // Successful 2 + 1 = 3; team deployment days in W10: Mon, Tue = 2 (cart's Tue is the same day); weeks [2, 0, 0] → median 0;
            // March has 2 deployment days → median over months 2 ≥ 1 → medium.
            Assert.That((team.DeploymentFrequency.Deployments, team.DeploymentFrequency.MedianDeploymentDaysPerWeek, team.DeploymentFrequency.Tier),
                Is.EqualTo((3, (double?)0, (string?)"medium")));
            Assert.That(team.Weeks[0].DeploymentFrequency.DeploymentDays, Is.EqualTo(2));
            // Changes 2 + 2 = 4, failed 1 → 0.25 pooled (not the mean of 0 and 0.5).
            Assert.That((team.ChangeFailureRate.FailedDeployments, team.ChangeFailureRate.Deployments, team.ChangeFailureRate.Rate),
                Is.EqualTo((1, 4, (double?)0.25)));
            Assert.That(team.PerApplication.Select(a => (a.Application, a.ChangeFailureRate.Rate)),
                Is.EqualTo(new[] { ("cart", (double?)0.5), ("checkout", 0) }));
            Assert.That(team.Pooling, Does.StartWith("pooled"));
        });
    }
}

public sealed class When_a_window_has_no_deployments
{
    [Test]
    public void Should_rate_frequency_low_when_data_covers_the_window_and_null_otherwise()
    {
        // The only deployment is in the week before the window.
        var classification = Classify([Deployment("d0", "a0", At(-3))]);
        var covered = DoraCalculator.Summary(classification, ThreeWeeks());
        var uncovered = DoraCalculator.Summary(classification, ThreeWeeks() with { CoveredFrom = At(7) });
        Assert.Multiple(() =>
        {
            Assert.That((covered.DeploymentFrequency.Deployments, covered.DeploymentFrequency.Tier), Is.EqualTo((0, (string?)"low")));
            Assert.That(uncovered.DeploymentFrequency.Tier, Is.Null);
            Assert.That((covered.LeadTimeForChanges.Tier, covered.ChangeFailureRate.Rate, covered.ChangeFailureRate.Tier,
                covered.FailedDeploymentRecoveryTime.Tier), Is.EqualTo(((string?)null, (double?)null, (string?)null, (string?)null)));
        });
    }

    [Test]
    public void Should_default_to_the_twelve_complete_weeks_before_as_of()
    {
        // As of Wednesday 2026-03-25 (W13): from Monday 2025-12-29 (W01) to Monday 2026-03-23 (W13's start), 12 × 7 = 84 days.
        var query = DoraQuery.For(null, null, new DateTimeOffset(2026, 3, 25, 15, 0, 0, TimeSpan.Zero));
        Assert.That((query.From, query.To), Is.EqualTo((new DateTimeOffset(2025, 12, 29, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 23, 0, 0, 0, TimeSpan.Zero))));
    }
}
