using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Contracts.Rollback.V1;

namespace Spinnaker.Mesh.Rollback.Incidents.Domain;

/// <summary>
/// One thing a run's deploy context holds, compared between a failed run and the last successful one: a deployed
/// version, a trigger artifact, a commit, a parameter or a trigger detail (<see cref="IncidentChangeKinds"/>).
/// </summary>
internal sealed record RunFact(string Kind, string Name, string Value);

/// <summary>A finished execution of a pipeline as the run history keeps it: its outcome, when it ended, its facts.</summary>
/// <param name="EndedAt">The execution's end (Orca's <c>endTime</c>; the event's time when Orca sent none). Order is judged by it.</param>
internal sealed record PipelineRun(string ExecutionId, string Status, DateTimeOffset EndedAt, IReadOnlyList<RunFact> Facts)
{
    public bool Failed => RunStatuses.IsFailure(Status);
    public bool Succeeded => RunStatuses.IsSuccess(Status);
}

/// <summary>A finished execution just observed, with what an incident records about it when it failed.</summary>
internal sealed record ObservedRun(
    PipelineIdentity Pipeline,
    PipelineRun Run,
    IReadOnlyList<IncidentFailedStage> FailedStages,
    TriggerInfo? Trigger,
    string? CanceledBy,
    string? CancellationReason);

internal static class IncidentChangeKinds
{
    public const string Version = "version";
    public const string Artifact = "artifact";
    public const string Commit = "commit";
    public const string Parameter = "parameter";
    public const string Trigger = "trigger";

    /// <summary>The order changes are listed in.</summary>
    public static readonly IReadOnlyList<string> All = [Version, Artifact, Commit, Parameter, Trigger];

    /// <summary>Where <paramref name="kind"/> comes in <see cref="All"/>; unknown kinds last.</summary>
    public static int OrderOf(string kind)
    {
        for (var i = 0; i < All.Count; i++)
            if (All[i] == kind) return i;
        return All.Count;
    }
}
