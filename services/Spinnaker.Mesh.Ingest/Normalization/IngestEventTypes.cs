using System.Collections.Frozen;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Ingest.Normalization;

/// <summary>
/// Stable event-store aliases of the normalized contract records. An alias names a stored event forever: never rename
/// one; a breaking change of a record gets a new record and a new <c>.v2</c> alias.
/// </summary>
public static class IngestEventTypes
{
    public const string PipelineStarted = "ingest.pipeline-started.v1";
    public const string PipelineCompleted = "ingest.pipeline-completed.v1";
    public const string OrchestrationStarted = "ingest.orchestration-started.v1";
    public const string OrchestrationCompleted = "ingest.orchestration-completed.v1";
    public const string StageStarted = "ingest.stage-started.v1";
    public const string StageCompleted = "ingest.stage-completed.v1";
    public const string TaskStarted = "ingest.task-started.v1";
    public const string TaskCompleted = "ingest.task-completed.v1";
    public const string ManualJudgmentResolved = "ingest.manual-judgment-resolved.v1";
    public const string CiBuildObserved = "ingest.ci-build-observed.v1";
    public const string GitPushObserved = "ingest.git-push-observed.v1";
    public const string ManualTriggerRequested = "ingest.manual-trigger-requested.v1";
    public const string ExternalEventObserved = "ingest.external-event-observed.v1";

    /// <summary>Every alias with its contract record type.</summary>
    public static IReadOnlyList<(string Alias, Type Type)> All { get; } =
    [
        (PipelineStarted, typeof(Contracts.Executions.V1.PipelineStarted)),
        (PipelineCompleted, typeof(Contracts.Executions.V1.PipelineCompleted)),
        (OrchestrationStarted, typeof(Contracts.Executions.V1.OrchestrationStarted)),
        (OrchestrationCompleted, typeof(Contracts.Executions.V1.OrchestrationCompleted)),
        (StageStarted, typeof(Contracts.Executions.V1.StageStarted)),
        (StageCompleted, typeof(Contracts.Executions.V1.StageCompleted)),
        (TaskStarted, typeof(Contracts.Executions.V1.TaskStarted)),
        (TaskCompleted, typeof(Contracts.Executions.V1.TaskCompleted)),
        (ManualJudgmentResolved, typeof(Contracts.Executions.V1.ManualJudgmentResolved)),
        (CiBuildObserved, typeof(Contracts.Executions.V1.CiBuildObserved)),
        (GitPushObserved, typeof(Contracts.Executions.V1.GitPushObserved)),
        (ManualTriggerRequested, typeof(Contracts.Executions.V1.ManualTriggerRequested)),
        (ExternalEventObserved, typeof(Contracts.Executions.V1.ExternalEventObserved)),
    ];

    private static readonly FrozenDictionary<Type, string> AliasByType = All.ToFrozenDictionary(e => e.Type, e => e.Alias);
    private static readonly FrozenDictionary<string, Type> TypeByAlias = All.ToFrozenDictionary(e => e.Alias, e => e.Type);

    /// <summary>The alias of a contract record type; throws for a type that is not a normalized event.</summary>
    public static string AliasOf(Type type) =>
        AliasByType.TryGetValue(type, out var alias) ? alias : throw new ArgumentException($"{type} is not a normalized ingest event.", nameof(type));

    public static string AliasOf<TEvent>() => AliasOf(typeof(TEvent));

    /// <summary>The contract record type of an alias, or null for an unknown alias.</summary>
    public static Type? TypeOf(string alias) => TypeByAlias.GetValueOrDefault(alias);
}
