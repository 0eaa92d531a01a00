namespace Spinnaker.Mesh.Rollback.Rollbacks;

/// <summary>Orca's <c>ExecutionStatus</c> names as rollback monitoring reads them (echo.md §5).</summary>
internal static class ExecutionStatuses
{
    private static readonly HashSet<string> Complete = new(["SUCCEEDED", "FAILED_CONTINUE", "TERMINAL", "CANCELED", "STOPPED", "SKIPPED"], StringComparer.Ordinal);
    private static readonly HashSet<string> Failed = new(["TERMINAL", "FAILED_CONTINUE", "STOPPED"], StringComparer.Ordinal);

    public static bool IsComplete(string? status) => status is not null && Complete.Contains(status);

    /// <summary>A stage or execution that went wrong by itself (a user's cancel is not an anomaly).</summary>
    public static bool IsFailure(string? status) => status is not null && Failed.Contains(status);

    /// <summary>A stage that never ran: planned and not reached, skipped, or waiting its turn.</summary>
    public static bool NeverRan(string status) => status is "NOT_STARTED" or "SKIPPED" or "BUFFERED";
}
