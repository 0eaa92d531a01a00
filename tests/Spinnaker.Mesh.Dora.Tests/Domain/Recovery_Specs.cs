using NUnit.Framework;
using Spinnaker.Mesh.Dora.Domain.Classification;
using Spinnaker.Mesh.Dora.Domain.Inputs;
using static Spinnaker.Mesh.Dora.Tests.Domain.Scenario;

namespace Spinnaker.Mesh.Dora.Tests.Domain;

/// <summary>d1 deploys a1 Monday 10:00; d2 deploys b2 Tuesday 10:00 and is the failure whose recovery is computed.</summary>
public sealed class When_a_failed_deployment_recovers
{
    private static readonly ExecutionObservation D1 = Deployment("d1", "a1", At(0, 10));
    private static readonly ExecutionObservation D2 = Deployment("d2", "b2", At(1, 10));
    private static readonly ExecutionObservation Rollback = Execution("rb", "SUCCEEDED", TriggerObservation.Unknown, RollbackStage(At(1, 10, 30)));

    private static ExecutionObservation Hotfix(DateTimeOffset at) =>
        Execution("hf", "SUCCEEDED", Git("c3") with { Parameters = new Dictionary<string, string> { ["remediatesExecutionId"] = "d2" } }, Deploy(at));

    [Test]
    public void Should_end_at_the_incident_resolution_even_when_a_rollback_came_first()
    {
        var row = Classify([D1, D2, Rollback], incidents: [Incident("INC-1", At(1, 10, 5), At(1, 12), linkedExecutionId: "d2")]).Row("d2");
        // Resolved Tuesday 12:00 − deployed 10:00 = 7200 s; rollback ended 10:30, so the gap is 12:00 − 10:30 = 5400 s.
        Assert.That((row.Recovery!.Basis, row.Recovery.Seconds, row.RemediationIncidentGapSeconds),
            Is.EqualTo((RecoveryBases.Incident, 7200.0, (double?)5400)));
    }

    [Test]
    public void Should_take_the_latest_resolution_of_its_incidents()
    {
        var row = Classify([D1, D2], incidents:
        [
            Incident("INC-1", At(1, 10, 5), At(1, 11), linkedExecutionId: "d2"),
            Incident("INC-2", At(1, 10, 10), At(1, 13)), // S4 picks d2 as well
        ]).Row("d2");
        // 13:00 − 10:00 = 10800 s.
        Assert.That((row.Recovery!.Seconds, row.Recovery.By), Is.EqualTo((10800.0, (string?)"INC-2")));
    }

    [Test]
    public void Should_stay_open_while_one_of_its_incidents_is_unresolved_even_after_a_rollback()
    {
        var row = Classify([D1, D2, Rollback], incidents: [Incident("INC-1", At(1, 10, 5), null, linkedExecutionId: "d2")]).Row("d2");
        Assert.That((row.IsOpenFailure, row.OpenReason), Is.EqualTo((true, (string?)"incident INC-1 is not resolved")));
    }

    [Test]
    public void Should_end_at_the_rollback_without_incidents()
    {
        var row = Classify([D1, D2, Rollback]).Row("d2");
        Assert.That((row.Recovery!.Basis, row.Recovery.Seconds), Is.EqualTo((RecoveryBases.Rollback, 1800.0))); // 10:30 − 10:00
    }

    [Test]
    public void Should_end_at_the_earliest_remediation()
    {
        var row = Classify([D1, D2, Hotfix(At(1, 14)), Rollback]).Row("d2");
        // Rollback at 10:30 before the hotfix at 14:00: 1800 s.
        Assert.That((row.Recovery!.Basis, row.Recovery.Seconds), Is.EqualTo((RecoveryBases.Rollback, 1800.0)));
    }

    [Test]
    public void Should_end_at_the_hotfix_deployment()
    {
        var row = Classify([D1, D2, Hotfix(At(1, 14))]).Row("d2");
        Assert.That((row.Recovery!.Basis, row.Recovery.Seconds), Is.EqualTo((RecoveryBases.Hotfix, 14400.0))); // 14:00 − 10:00
    }

    [Test]
    public void Should_end_at_the_in_pipeline_rollback()
    {
        var failed = Execution("d2", "SUCCEEDED", Git("b2"), Deploy(At(1, 10)), RollbackStage(At(1, 10, 20)));
        var row = Classify([D1, failed]).Row("d2");
        Assert.That((row.Recovery!.Basis, row.Recovery.Seconds), Is.EqualTo((RecoveryBases.InPipelineRollback, 1200.0))); // 10:20 − 10:00
    }

    [Test]
    public void Should_end_at_the_next_successful_deployment_of_the_environment_without_remediation()
    {
        var failed = Execution("d2", "TERMINAL", Git("b2"), Deploy(At(1, 10)), Canary(At(1, 10), At(1, 11), "TERMINAL"));
        var rows = Classify([D1, failed, Deployment("d3", "c3", At(1, 15))]);
        Assert.That((rows.Row("d2").Recovery!.Basis, rows.Row("d2").Recovery!.Seconds, rows.Row("d2").Recovery!.By),
            Is.EqualTo((RecoveryBases.NextDeployment, 18000.0, (string?)"d3"))); // 15:00 − 10:00
    }

    [Test]
    public void Should_be_open_when_only_another_environment_deployed_since()
    {
        var failed = Execution("d2", "TERMINAL", Git("b2"), Deploy(At(1, 10)));
        var rows = Classify([D1, failed, Deployment("eu1", "c3", At(1, 15), account: "prod-euw1")]);
        Assert.That((rows.Row("d2").IsOpenFailure, rows.Row("d2").OpenReason),
            Is.EqualTo((true, (string?)"no remediation and no later successful production deployment yet")));
    }
}
