using NUnit.Framework;
using Spinnaker.Mesh.Dora.Domain.Classification;
using Spinnaker.Mesh.Dora.Domain.Inputs;
using static Spinnaker.Mesh.Dora.Tests.Domain.Scenario;

namespace Spinnaker.Mesh.Dora.Tests.Domain;

/// <summary>d1 deploys a1 on Monday 10:00, d2 deploys b2 on Tuesday 10:00 (both production).</summary>
public sealed class When_a_change_incident_names_the_execution
{
    private static readonly ExecutionObservation[] Two = [Deployment("d1", "a1", At(0, 10)), Deployment("d2", "b2", At(1, 10))];

    [Test]
    public void Should_mark_it_with_S1_and_the_incident_as_evidence()
    {
        var classification = Classify(Two, incidents: [Incident("INC-1", At(1, 11), At(1, 12), linkedExecutionId: "d1")]);
        var signal = classification.Row("d1").FailureSignals.Single();
        Assert.Multiple(() =>
        {
            Assert.That((signal.Signal, signal.Evidence.IncidentId), Is.EqualTo(("S1", (string?)"INC-1")));
            // Linked explicitly, so not the heuristic's latest deployment (d2).
            Assert.That(classification.Row("d2").ChangeFailure, Is.False);
            Assert.That(classification.Incidents.Single().AttributedTo, Is.EqualTo(new[] { "d1" }));
        });
    }

    [Test]
    public void Should_leave_it_unattributed_when_the_linked_execution_is_no_change_to_production()
    {
        var classification = Classify([.. Two, Deployment("d3", "b2", At(1, 12))],
            incidents: [Incident("INC-1", At(1, 13), null, linkedExecutionId: "d3"), Incident("INC-2", At(1, 13), null, linkedExecutionId: "nope")]);
        Assert.That(classification.Incidents.Select(i => (i.Kind, i.Reason)), Is.EqualTo(new[]
        {
            (IncidentFinding.Unattributed, (string?)"linked execution d3 is noop_redeploy, not a change to production"),
            (IncidentFinding.Unattributed, "linked execution nope was not observed for this application"),
        }));
    }

    [Test]
    public void Should_find_the_deployment_that_first_shipped_a_caused_by_commit()
    {
        var incident = Incident("INC-1", At(2), At(2, 1)) with { CausedBySha = "a1" };
        var classification = Classify(Two, incidents: [incident]);
        Assert.That(classification.Row("d1").FailureSignals.Select(s => s.Signal), Is.EqualTo(new[] { "S1" }));
    }
}

public sealed class When_a_change_incident_names_nothing
{
    // d1 Monday 10:00 (a1), d2 Tuesday 10:00 (b2), d3 Tuesday 12:00 redeploys b2 (a no-op, not a successful deployment).
    private static readonly ExecutionObservation[] History =
        [Deployment("d1", "a1", At(0, 10)), Deployment("d2", "b2", At(1, 10)), Deployment("d3", "b2", At(1, 12))];

    [Test]
    public void Should_blame_the_latest_successful_production_deployment_within_the_window_with_S4()
    {
        var classification = Classify(History, incidents: [Incident("INC-1", At(1, 13), At(1, 14))]);
        var signal = classification.Row("d2").FailureSignals.Single();
        // Tuesday 13:00 − Tuesday 10:00 = 3 h = 10800 s, inside 24 h.
        Assert.That((signal.Signal, signal.Evidence.IncidentId, signal.Evidence.AttributionWindowHours, signal.Evidence.SecondsAfterDeployment),
            Is.EqualTo(("S4", (string?)"INC-1", (double?)24, (double?)10800)));
    }

    [Test]
    public void Should_still_blame_it_exactly_at_the_end_of_the_window()
    {
        var classification = Classify(History, incidents: [Incident("INC-1", At(2, 10), null)]); // exactly 24 h after d2
        Assert.That(classification.Row("d2").FailureSignals.Single().Signal, Is.EqualTo("S4"));
    }

    [Test]
    public void Should_leave_it_unattributed_a_second_after_the_window()
    {
        var classification = Classify(History, incidents: [Incident("INC-1", At(2, 10).AddSeconds(1), null)]);
        Assert.Multiple(() =>
        {
            Assert.That(classification.Deployments.Any(d => d.ChangeFailure), Is.False);
            Assert.That(classification.Incidents.Single().Reason,
                Is.EqualTo("the latest successful production deployment d2 ended 24 h before it started, outside the 24 h attribution window"));
        });
    }

    [Test]
    public void Should_use_the_configured_window()
    {
        // 3 h after d2 but the window is 2 h.
        var classification = Classify(History, incidents: [Incident("INC-1", At(1, 13), null)], settings: Settings with { IncidentAttributionWindowHours = 2 });
        Assert.That(classification.Incidents.Single().Kind, Is.EqualTo(IncidentFinding.Unattributed));
    }

    [Test]
    public void Should_leave_it_unattributed_when_nothing_was_deployed_before()
    {
        var classification = Classify(History, incidents: [Incident("INC-0", At(0, 9), null)]);
        Assert.That(classification.Incidents.Single().Reason, Is.EqualTo("no successful production deployment before it started"));
    }

    [Test]
    public void Should_set_incidents_not_caused_by_a_change_aside()
    {
        var classification = Classify(History, incidents: [Incident("OUTAGE-1", At(1, 13), At(1, 14), changeCaused: false)]);
        Assert.Multiple(() =>
        {
            Assert.That(classification.Deployments.Any(d => d.ChangeFailure), Is.False);
            Assert.That(classification.Incidents.Single().Kind, Is.EqualTo(IncidentFinding.NonChange));
        });
    }
}

public sealed class When_a_later_deployment_remediates_an_earlier_one
{
    [Test]
    public void Should_mark_the_rolled_back_deployment_with_S2()
    {
        var classification = Classify([Deployment("d1", "a1", At(0, 10)), Deployment("d2", "b2", At(1, 10)),
            Execution("rb", "SUCCEEDED", TriggerObservation.Unknown, RollbackStage(At(1, 10, 30)))]);
        var signal = classification.Row("d2").FailureSignals.Single();
        // 10:30 − 10:00 = 1800 s.
        Assert.That((signal.Signal, signal.Evidence.RemediationExecutionId, signal.Evidence.SecondsAfterDeployment),
            Is.EqualTo(("S2", (string?)"rb", (double?)1800)));
    }

    [Test]
    public void Should_mark_the_deployment_a_hotfix_declares_with_S3()
    {
        var hotfix = Execution("d3", "SUCCEEDED", Git("c3") with { Parameters = new Dictionary<string, string> { ["remediatesExecutionId"] = "d1" } },
            Deploy(At(1, 14)));
        var classification = Classify([Deployment("d1", "a1", At(0, 10)), Deployment("d2", "b2", At(1, 10)), hotfix]);
        Assert.Multiple(() =>
        {
            Assert.That(classification.Row("d1").FailureSignals.Single().Signal, Is.EqualTo("S3"));
            Assert.That(classification.Row("d2").ChangeFailure, Is.False);
            Assert.That((classification.Row("d3").Remediates, classification.Row("d3").RemediationKind, classification.Row("d3").IsHotfix),
                Is.EqualTo(((string?)"d1", (string?)RemediationKinds.Hotfix, true)));
        });
    }

    [Test]
    public void Should_mark_the_immediately_preceding_deployment_when_a_hotfix_pattern_matches()
    {
        var hotfix = Execution("d3", "SUCCEEDED", Git("c3") with { Branch = "hotfix/cart-total" }, Deploy(At(1, 14)));
        var settings = Settings with { HotfixPatterns = ["hotfix/*"] };
        var classification = Classify([Deployment("d1", "a1", At(0, 10)), Deployment("d2", "b2", At(1, 10)), hotfix], settings: settings);
        Assert.That(classification.Deployments.Where(d => d.ChangeFailure).Select(d => (d.ExecutionId, d.FailureSignals.Single().Signal)),
            Is.EqualTo(new[] { ("d2", "S3") }));
    }
}

public sealed class When_several_signals_apply_to_one_deployment
{
    [Test]
    public void Should_list_each_signal_and_count_the_deployment_once()
    {
        // d2's canary failed (S0), an incident names it (S1) and a second one starts an hour later (S4 would pick d2 too).
        var failed = Execution("d2", "SUCCEEDED", Git("b2"), Deploy(At(1, 10)), Canary(At(1, 10), At(1, 11), "TERMINAL"));
        var classification = Classify([Deployment("d1", "a1", At(0, 10)), failed],
            incidents: [Incident("INC-1", At(1, 11), At(1, 12), linkedExecutionId: "d2")]);
        var row = classification.Row("d2");
        Assert.That((row.ChangeFailure, string.Join(",", row.FailureSignals.Select(s => s.Signal))), Is.EqualTo((true, "S0,S1")));
        var summary = Spinnaker.Mesh.Dora.Domain.Figures.DoraCalculator.Summary(classification, ThreeWeeks());
        // One failed deployment out of two changes (d1 successful, d2 failed): 1/2 = 0.5.
        Assert.That((summary.ChangeFailureRate.FailedDeployments, summary.ChangeFailureRate.Deployments, summary.ChangeFailureRate.Rate),
            Is.EqualTo((1, 2, (double?)0.5)));
    }
}
