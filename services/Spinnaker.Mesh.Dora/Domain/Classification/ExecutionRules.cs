using Spinnaker.Mesh.Dora.Domain.Inputs;

namespace Spinnaker.Mesh.Dora.Domain.Classification;

/// <summary>
/// §3.2 rules 2–6, which read one execution alone. An execution touching several production environments is split
/// into one unit per environment, each judged on its own stages there (the execution status and verification stages
/// are shared). Rules 7–9 need the version history and are left to <see cref="VersionHistoryWalk"/>.
/// </summary>
internal static class ExecutionRules
{
    public static List<DeploymentUnit> Apply(ExecutionObservation execution, IReadOnlyList<RoledStage> stages, DoraSettings settings)
    {
        var touching = stages.Where(s => s.Role is StageRole.Deploy or StageRole.Rollback).ToList();
        if (touching.Count == 0)
            return [new DeploymentUnit(execution, null, execution.ExecutionTime) { Classification = DeploymentClasses.NoDeployStage }];

        var production = touching.Where(s => s.Production).ToList();
        if (production.Count == 0)
        {
            // Deploy (or rollback) stages exist but none targets production (rule 3; a rollback off production too).
            var environment = touching.Select(s => s.Environment).OfType<string>().Order(StringComparer.Ordinal).FirstOrDefault();
            return [new DeploymentUnit(execution, environment, execution.ExecutionTime) { Classification = DeploymentClasses.NonProductionDeployment }];
        }

        return [.. production.Select(s => s.Environment!).Distinct().Order(StringComparer.Ordinal)
            .Select(environment => InEnvironment(execution, stages, production.Where(s => s.Environment == environment).ToList(), environment, settings))];
    }

    private static DeploymentUnit InEnvironment(
        ExecutionObservation execution, IReadOnlyList<RoledStage> stages, List<RoledStage> production, string environment, DoraSettings settings)
    {
        var deploys = production.Where(s => s.Role == StageRole.Deploy).ToList();
        var rollbacks = production.Where(s => s.Role == StageRole.Rollback && s.Succeeded).ToList();
        var unit = new DeploymentUnit(execution, environment, execution.ExecutionTime);

        if (deploys.Count == 0)
        {
            // Rule 5 (a rollback that did not succeed restored nothing: no production change).
            if (rollbacks.Count == 0) { unit.Classification = DeploymentClasses.NoProductionChange; return unit; }
            unit.Classification = DeploymentClasses.RollbackRemediation;
            unit.RemediationKind = RemediationKinds.RollbackStage;
            unit.Time = rollbacks.Max(s => s.Stage.EndTime ?? execution.ExecutionTime);
            unit.DeploymentTime = unit.Time;
            unit.RestoredVersion = rollbacks.Select(s => s.Stage.RestoredVersion).FirstOrDefault(v => v is not null);
            return unit;
        }

        var succeeded = deploys.Where(s => s.Succeeded).ToList();
        if (succeeded.Count == 0)
        {
            // Rule 4: canceled, failed before the deploy, or the deploy stage TERMINAL or FAILED_CONTINUE.
            unit.Classification = DeploymentClasses.NoProductionChange;
            if (deploys.Any(s => s.Stage.PartiallyApplied)) unit.Notes.Add(DeploymentNotes.PartialRollout);
            return unit;
        }

        var reached = succeeded.Min(s => s.Stage.EndTime ?? execution.ExecutionTime);
        unit.DeploymentTime = succeeded.Max(s => s.Stage.EndTime ?? execution.ExecutionTime);
        unit.Time = unit.DeploymentTime.Value;
        var deployedStages = succeeded.Select(s => s.Stage).ToList();
        unit.Sha = DeployedVersions.Sha(execution.Trigger, deployedStages, settings);
        unit.Version = DeployedVersions.Version(unit.Sha, execution.Trigger, deployedStages);
        if (rollbacks.Count > 0) unit.InPipelineRollbackEnd = rollbacks.Max(s => s.Stage.EndTime ?? unit.Time);

        if (InPipelineFailure(execution, stages, rollbacks, reached, settings) is { } evidence)
        {
            unit.Classification = DeploymentClasses.FailedProductionDeployment;
            unit.Signals.Add(new FailureSignal(FailureSignals.InPipeline, evidence));
        }
        else if (execution.Status is "CANCELED" or "STOPPED")
        {
            // The change reached production and nothing judged it bad: later signals decide (rule 6's note).
            unit.Notes.Add(DeploymentNotes.TerminatedAfterDeploy);
        }
        return unit;
    }

    /// <summary>Rule 6: TERMINAL execution, a verification failing after the deploy, or a rollback in the same execution.</summary>
    private static FailureEvidence? InPipelineFailure(
        ExecutionObservation execution, IReadOnlyList<RoledStage> stages, List<RoledStage> rollbacks, DateTimeOffset reached, DoraSettings settings)
    {
        if (execution.Status == "TERMINAL")
        {
            var failed = stages.Where(s => s.Stage.Status == "TERMINAL").OrderBy(s => s.Stage.StartTime).ThenBy(s => s.Stage.Id, StringComparer.Ordinal).Select(s => s.Stage).FirstOrDefault();
            return new FailureEvidence(
                failed is null
                    ? "execution ended TERMINAL after its production deploy succeeded"
                    : $"execution ended TERMINAL after its production deploy succeeded; stage '{failed.Name}' ({failed.Type}) failed{Errors(failed)}",
                failed?.Id, failed?.Type, failed?.Status);
        }

        var verification = stages
            .Where(s => s.Role == StageRole.Verification && s.Stage.StartTime >= reached && settings.FailedStageStatuses.Contains(s.Stage.Status))
            .OrderBy(s => s.Stage.StartTime).ThenBy(s => s.Stage.Id, StringComparer.Ordinal).Select(s => s.Stage).FirstOrDefault();
        if (verification is not null)
            return new FailureEvidence(
                $"verification stage '{verification.Name}' ({verification.Type}) ended {verification.Status} after the production deploy{Errors(verification)}",
                verification.Id, verification.Type, verification.Status);

        var rollback = rollbacks.OrderBy(s => s.Stage.StartTime).ThenBy(s => s.Stage.Id, StringComparer.Ordinal).Select(s => s.Stage).FirstOrDefault();
        return rollback is null
            ? null
            : new FailureEvidence($"production rollback stage '{rollback.Name}' ({rollback.Type}) succeeded in the same execution",
                rollback.Id, rollback.Type, rollback.Status);
    }

    private static string Errors(StageObservation stage) => stage.Errors.Count == 0 ? "" : ": " + string.Join("; ", stage.Errors);
}
