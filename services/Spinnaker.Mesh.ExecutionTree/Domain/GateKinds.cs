namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>
/// Stages that hold a pipeline back rather than do work, grouped so that gate statistics can say where time is spent
/// waiting. Stage types are matched ignoring case.
/// </summary>
internal static class GateKinds
{
    public const string ManualJudgment = "manualJudgment";
    public const string Wait = "wait";
    public const string ExecutionWindow = "executionWindow";
    public const string Approval = "approval";

    /// <summary>
    /// Automated approvals: stages that pass or stop the pipeline on a check instead of changing anything.
    /// <c>checkPreconditions</c> (cluster size, expression checks) and <c>waitForCondition</c> (Orca's generic
    /// hold-until-a-condition-clears stage). Canary analysis is deliberately not here: it is verification work whose
    /// duration belongs to the release, not to waiting.
    /// </summary>
    public static readonly IReadOnlyList<string> ApprovalStageTypes = ["checkPreconditions", "waitForCondition"];

    /// <summary>The gate kind of a stage type, or null when the stage is not a gate.</summary>
    public static string? Of(string? stageType)
    {
        if (stageType is null) return null;
        if (Is(stageType, "manualJudgment")) return ManualJudgment;
        if (Is(stageType, "wait")) return Wait;
        // Orca inserts this synthetic stage before a stage that has an execution window (echo.md §5).
        if (Is(stageType, "restrictExecutionDuringTimeWindow")) return ExecutionWindow;
        return ApprovalStageTypes.Any(t => Is(stageType, t)) ? Approval : null;
    }

    private static bool Is(string stageType, string expected) => string.Equals(stageType, expected, StringComparison.OrdinalIgnoreCase);
}
