namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>
/// Orca's <c>ExecutionStatus</c> names (echo.md §5) and the orders the domain needs over them. Ingest upper-cases
/// statuses; comparisons here ignore case anyway so that a stored state from an older normalizer still ranks right.
/// </summary>
internal static class ExecutionStatuses
{
    public const string NotStarted = "NOT_STARTED";
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Terminal = "TERMINAL";

    private static readonly HashSet<string> Waiting = new(["NOT_STARTED", "BUFFERED"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> InProgress = new(["RUNNING", "PAUSED", "SUSPENDED", "REDIRECT"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> Complete =
        new(["SUCCEEDED", "FAILED_CONTINUE", "TERMINAL", "CANCELED", "STOPPED", "SKIPPED"], StringComparer.OrdinalIgnoreCase);

    // Complete but not successful in Orca's sense (ExecutionStatus.isSuccessful is SUCCEEDED, STOPPED, SKIPPED).
    private static readonly HashSet<string> Failed = new(["TERMINAL", "CANCELED", "FAILED_CONTINUE"], StringComparer.OrdinalIgnoreCase);

    // Worst first; see Severity.
    private static readonly string[] WorstFirst =
        ["TERMINAL", "CANCELED", "FAILED_CONTINUE", "RUNNING", "PAUSED", "SUSPENDED", "REDIRECT", "BUFFERED", "NOT_STARTED", "STOPPED", "SUCCEEDED", "SKIPPED"];

    /// <summary>
    /// How far along a status is: 0 waiting (<c>NOT_STARTED</c>, <c>BUFFERED</c>, anything unknown), 1 in progress
    /// (<c>RUNNING</c>, <c>PAUSED</c>, <c>SUSPENDED</c>, <c>REDIRECT</c>), 2 complete. Statuses only move up this
    /// scale, so the merge keeps the highest-ranked observation.
    /// </summary>
    public static int Rank(string status) =>
        Complete.Contains(status) ? 2 : InProgress.Contains(status) ? 1 : 0;

    /// <summary><c>TERMINAL</c>, <c>CANCELED</c> or <c>FAILED_CONTINUE</c>: complete, and not successful.</summary>
    public static bool IsFailure(string status) => Failed.Contains(status);

    /// <summary>One of Orca's complete statuses.</summary>
    public static bool IsComplete(string status) => Complete.Contains(status);

    /// <summary>
    /// Higher is worse, for summarising several stages in one status: failures (<c>TERMINAL</c> &gt;
    /// <c>CANCELED</c> &gt; <c>FAILED_CONTINUE</c>) &gt; in progress &gt; waiting &gt; finished well
    /// (<c>STOPPED</c> &gt; <c>SUCCEEDED</c> &gt; <c>SKIPPED</c>, so a branch that only skipped reads SKIPPED).
    /// An unknown status counts as in progress: it is not known to be done.
    /// </summary>
    public static int Severity(string status)
    {
        var index = Array.FindIndex(WorstFirst, s => string.Equals(s, status, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? WorstFirst.Length - Array.IndexOf(WorstFirst, Running) : WorstFirst.Length - index;
    }
}
