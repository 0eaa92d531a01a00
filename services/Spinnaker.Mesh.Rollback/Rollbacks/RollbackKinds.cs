namespace Spinnaker.Mesh.Rollback.Rollbacks;

/// <summary>How a rollback was recognized (<see cref="Contracts.Rollback.V1.RollbackObserved.Kind"/>).</summary>
internal static class RollbackKinds
{
    public const string RollbackServerGroup = "rollbackServerGroup";
    public const string RollbackCluster = "rollbackCluster";
    public const string UndoRolloutManifest = "undoRolloutManifest";
    /// <summary>The synthetic <c>rollbackCluster</c> Orca adds after a failed server-group deploy (<c>CreateServerGroupStage.onFailureStages</c>).</summary>
    public const string DeployFailureRollback = "deployFailureRollback";
    /// <summary>A pipeline configured as a rollback pipeline (by name or by a policy) that names no rollback stage it ran.</summary>
    public const string RollbackPipeline = "rollbackPipeline";
    /// <summary>A pipeline Mesh started for one of its rollback decisions (<c>trigger.parameters.meshDecisionId</c>).</summary>
    public const string MeshTriggered = "meshTriggered";

    /// <summary>Orca stage types that roll back.</summary>
    public static bool IsRollbackStage(string? stageType) => stageType is RollbackServerGroup or RollbackCluster or UndoRolloutManifest;
}
