namespace Spinnaker.Mesh.Dora.Domain.Classification;

/// <summary>The classes of dora.md §3.2: every unique execution gets exactly one per environment it touched.</summary>
internal static class DeploymentClasses
{
    public const string NoDeployStage = "no_deploy_stage";
    public const string NonProductionDeployment = "non_production_deployment";
    public const string NoProductionChange = "no_production_change";
    public const string RollbackRemediation = "rollback_remediation";
    public const string FailedProductionDeployment = "failed_production_deployment";
    public const string NoopRedeploy = "noop_redeploy";
    public const string SuccessfulProductionDeployment = "successful_production_deployment";

    /// <summary>A change to production: counted in the CFR denominator and able to be a change failure.</summary>
    public static bool IsChange(string classification) =>
        classification is SuccessfulProductionDeployment or FailedProductionDeployment;
}

/// <summary>The change failure signals of §3.5.</summary>
internal static class FailureSignals
{
    public const string InPipeline = "S0";
    public const string IncidentLink = "S1";
    public const string Rollback = "S2";
    public const string Hotfix = "S3";
    public const string HeuristicIncident = "S4";
}

/// <summary>What a failed deployment's recovery end came from (§3.6, in precedence order).</summary>
internal static class RecoveryBases
{
    public const string Incident = "incident";
    public const string InPipelineRollback = "in_pipeline_rollback";
    public const string Rollback = "rollback";
    public const string Hotfix = "hotfix";
    public const string NextDeployment = "next_deployment";
}

/// <summary>Notes a classified deployment can carry, each also a diagnostic.</summary>
internal static class DeploymentNotes
{
    /// <summary>Canceled or stopped after its production deploy succeeded (§3.2 rule 6).</summary>
    public const string TerminatedAfterDeploy = "terminatedAfterDeploy";

    /// <summary>Applied, then failed "wait for stable" (§3.10.2): no production change, but something was applied.</summary>
    public const string PartialRollout = "partialRollout";

    /// <summary>No baseline was known: this deployment established it and contributes no lead times (§3.4).</summary>
    public const string BaselineEstablished = "baselineEstablished";
}
