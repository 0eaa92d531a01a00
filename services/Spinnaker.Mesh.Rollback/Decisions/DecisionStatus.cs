namespace Spinnaker.Mesh.Rollback.Decisions;

/// <summary>Where a rollback decision stands, as the API names it.</summary>
internal static class DecisionStatus
{
    /// <summary>Not actionable: recorded with the reason, nothing more happens.</summary>
    public const string NotActionable = "notActionable";
    /// <summary>Waiting for an operator (confirm mode).</summary>
    public const string Proposed = "proposed";
    /// <summary>Approved (by an operator or by an auto policy), Gate not called yet.</summary>
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    /// <summary>An attempt's intent is recorded and its outcome is not: a call may be under way (or was cut by a crash).</summary>
    public const string Triggering = "triggering";
    /// <summary>Gate started the rollback pipeline; Mesh follows it through Echo.</summary>
    public const string Triggered = "triggered";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [NotActionable, Proposed, Approved, Rejected, Triggering, Triggered, Succeeded, Failed];

    public static bool IsFinal(string status) => status is NotActionable or Rejected or Succeeded or Failed;
}
