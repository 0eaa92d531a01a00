namespace Spinnaker.Mesh.Dora.Domain.Inputs;

/// <summary>An incident as the incidents webhook upserts it (by <see cref="IncidentId"/>).</summary>
/// <param name="IncidentId">The incident tool's id.</param>
/// <param name="Application">The application it impaired.</param>
/// <param name="Source">The incident tool (pagerduty, opsgenie...).</param>
/// <param name="ChangeCaused">Whether a change caused it; provider outages and the like are not change failures (§3.5).</param>
/// <param name="LinkedExecutionId">The execution responders named as the cause (signal S1).</param>
/// <param name="StartedAt">When the impairment started.</param>
/// <param name="ResolvedAt">When service was restored; null while open.</param>
/// <param name="CausedBySha">A "caused by" commit sha, the other explicit link of S1: the deployment that shipped it.</param>
internal sealed record IncidentObservation(
    string IncidentId,
    string Application,
    string Source,
    bool ChangeCaused,
    string? LinkedExecutionId,
    DateTimeOffset StartedAt,
    DateTimeOffset? ResolvedAt,
    string? CausedBySha = null);
