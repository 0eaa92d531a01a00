namespace Spinnaker.Mesh.Rollback.Anomalies;

/// <summary>What Mesh saw before a rollback, as <see cref="Contracts.Rollback.V1.PrecedingAnomaly.Kind"/> names it.</summary>
internal static class AnomalyKinds
{
    public const string CanaryFail = "canaryFail";
    public const string CanaryMarginal = "canaryMarginal";
    public const string DeploymentDegraded = "deploymentDegraded";
    public const string StageFailed = "stageFailed";
    public const string DurationRegression = "durationRegression";
}
