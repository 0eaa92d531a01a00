namespace Spinnaker.Mesh.Rollback.Incidents.Domain;

/// <summary>Which of Orca's final statuses open an incident, which resolve one, and which stages count as failed.</summary>
internal static class RunStatuses
{
    public const string Succeeded = "SUCCEEDED";

    /// <summary>
    /// A pipeline that ends in one of these opens (or joins) an incident. Orca's halting statuses: <c>STOPPED</c> is
    /// rare for a whole pipeline (a stopped stage normally yields <c>SUCCEEDED</c>), but when it is the outcome the
    /// pipeline did not do what it was started for.
    /// </summary>
    public static readonly IReadOnlySet<string> Failures = new HashSet<string>(StringComparer.Ordinal) { "TERMINAL", "CANCELED", "STOPPED" };

    /// <summary>Stages listed as failed: the halting statuses, and <c>FAILED_CONTINUE</c> (failed, pipeline went on).</summary>
    public static readonly IReadOnlySet<string> StageFailures =
        new HashSet<string>(StringComparer.Ordinal) { "TERMINAL", "CANCELED", "STOPPED", "FAILED_CONTINUE" };

    public static bool IsFailure(string status) => Failures.Contains(status);

    public static bool IsSuccess(string status) => status == Succeeded;
}
