using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Contracts.Rollback.V1;

namespace Spinnaker.Mesh.Rollback.Incidents.Domain;

/// <summary>
/// Reads a finished pipeline execution (ingest's <see cref="PipelineCompleted"/>) as the incident rules need it: its
/// outcome and end, the stages that failed with Orca's messages, its trigger, and the facts a later comparison with
/// another run of the pipeline looks at. Pure.
/// </summary>
internal static class DeployContext
{
    /// <summary>How far <c>trigger.parentExecution.trigger</c> is followed for commits, artifacts and builds.</summary>
    private const int MaxParentDepth = 16;

    /// <summary>Stage types that put something new into a cluster, besides every <c>deploy*</c> type.</summary>
    private static readonly HashSet<string> ServerGroupDeploys = new(StringComparer.Ordinal) { "deploy", "createServerGroup", "cloneServerGroup" };

    /// <summary>
    /// The run, or null when it is nothing the incidents follow: an orchestration, a status that is neither a
    /// success nor a failure, or an execution that names no pipeline.
    /// </summary>
    public static ObservedRun? Observe(PipelineCompleted completed)
    {
        ArgumentNullException.ThrowIfNull(completed);
        var execution = completed.Execution;
        if (!string.Equals(execution.ExecutionType, "PIPELINE", StringComparison.OrdinalIgnoreCase)) return null;
        if (!RunStatuses.IsFailure(execution.Status) && !RunStatuses.IsSuccess(execution.Status)) return null;
        if (PipelineIdentity.Of(execution.Tenant, execution.Application, execution.PipelineConfigId, execution.PipelineName) is not { } pipeline)
            return null;

        var stages = completed.Stages ?? [];
        // An early cancel event can come without endTime; ingest then dates it by the event (echo.md §6).
        var endedAt = (execution.EndTime ?? completed.OccurredAt).ToUniversalTime();
        var run = new PipelineRun(execution.ExecutionId, execution.Status, endedAt, Facts(execution.Trigger, stages));
        var failed = RunStatuses.IsFailure(execution.Status);
        return new ObservedRun(pipeline, run, failed ? FailedStages(stages) : [], execution.Trigger,
            failed ? execution.CanceledBy : null, failed ? execution.CancellationReason : null);
    }

    /// <summary>
    /// Every stage that ended failed, in the order Orca lists them, with its own error messages and its tasks'. When a
    /// synthetic child fails, its parent fails too without a message of its own: both are listed.
    /// </summary>
    public static IReadOnlyList<IncidentFailedStage> FailedStages(IReadOnlyList<StageInfo> stages) =>
    [
        .. stages.Where(s => RunStatuses.StageFailures.Contains(s.Status)).Select(s => new IncidentFailedStage(
            s.Id, s.Name, s.Type, s.Status,
            [.. s.Errors.Concat(s.Tasks.Select(t => t.Error).OfType<string>()).Where(e => e.Length > 0).Distinct(StringComparer.Ordinal)])),
    ];

    /// <summary>What the run deployed and was started with, one fact per kind and name.</summary>
    public static IReadOnlyList<RunFact> Facts(TriggerInfo? trigger, IReadOnlyList<StageInfo> stages)
    {
        var facts = new FactSet();
        foreach (var stage in stages.Where(IsDeploy))
        {
            foreach (var artifact in stage.Artifacts ?? []) facts.Add(IncidentChangeKinds.Version, ArtifactName(artifact), ArtifactValue(artifact));
            if (!string.IsNullOrEmpty(stage.ServerGroup)) facts.Add(IncidentChangeKinds.Version, Location(stage), stage.ServerGroup);
        }
        if (trigger is null) return facts.ToList();

        if (Nearest(trigger, t => t.Artifacts is { Count: > 0 }) is { } withArtifacts)
            foreach (var artifact in withArtifacts.Artifacts!) facts.Add(IncidentChangeKinds.Artifact, ArtifactName(artifact), ArtifactValue(artifact));
        if (Nearest(trigger, t => !string.IsNullOrEmpty(t.CommitSha) || t.Scm is { Count: > 0 }) is { } withCommits) AddCommits(facts, withCommits);
        foreach (var (name, value) in trigger.Parameters ?? new Dictionary<string, string>())
            facts.Add(IncidentChangeKinds.Parameter, name, value);
        facts.Add(IncidentChangeKinds.Trigger, "type", trigger.Type);
        if (Nearest(trigger, t => t.BuildNumber is not null) is { BuildNumber: { } build })
            facts.Add(IncidentChangeKinds.Trigger, "buildNumber", build.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return facts.ToList();
    }

    /// <summary>A stage that deploys: <c>deploy*</c> types and the server-group deploys; rollbacks restore, they are no new version.</summary>
    private static bool IsDeploy(StageInfo stage) =>
        stage.Type is { } type && (ServerGroupDeploys.Contains(type) || type.StartsWith("deploy", StringComparison.OrdinalIgnoreCase));

    /// <summary>The trigger itself or, for a pipeline trigger, the closest parent trigger that has what is asked.</summary>
    private static TriggerInfo? Nearest(TriggerInfo trigger, Func<TriggerInfo, bool> has)
    {
        var current = trigger;
        for (var depth = 0; current is not null && depth <= MaxParentDepth; depth++, current = current.ParentTrigger)
            if (has(current)) return current;
        return null;
    }

    /// <summary>Each CI revision by its branch, and the trigger's commit when it is not one of them.</summary>
    private static void AddCommits(FactSet facts, TriggerInfo trigger)
    {
        var scm = trigger.Scm ?? [];
        for (var i = 0; i < scm.Count; i++)
            facts.Add(IncidentChangeKinds.Commit, scm[i].Branch is { Length: > 0 } branch ? branch : scm.Count == 1 ? "scm" : $"scm[{i}]", scm[i].Sha1);
        if (!string.IsNullOrEmpty(trigger.CommitSha) && scm.All(s => s.Sha1 != trigger.CommitSha))
            facts.Add(IncidentChangeKinds.Commit, trigger.Branch is { Length: > 0 } branch ? branch : "commit", trigger.CommitSha);
    }

    private static string ArtifactName(ArtifactInfo artifact) => artifact.Name ?? artifact.Reference ?? artifact.Type;

    private static string ArtifactValue(ArtifactInfo artifact) => artifact.Version ?? artifact.Reference ?? "";

    /// <summary>Where a server group lives: account, regions and cluster, as far as the stage names them.</summary>
    private static string Location(StageInfo stage) =>
        string.Join('/', new[] { stage.Account, string.Join(',', stage.Regions), stage.Cluster ?? stage.Name }.Where(p => !string.IsNullOrEmpty(p)));

    /// <summary>Facts by kind and name; a name seen twice (two stages deploying one image) keeps every distinct value.</summary>
    private sealed class FactSet
    {
        private readonly Dictionary<(string Kind, string Name), SortedSet<string>> _values = [];

        public void Add(string kind, string name, string value)
        {
            if (!_values.TryGetValue((kind, name), out var values)) _values[(kind, name)] = values = new SortedSet<string>(StringComparer.Ordinal);
            values.Add(value);
        }

        public IReadOnlyList<RunFact> ToList() =>
        [
            .. _values.Select(kv => new RunFact(kv.Key.Kind, kv.Key.Name, string.Join(", ", kv.Value)))
                .OrderBy(f => f.Kind, StringComparer.Ordinal).ThenBy(f => f.Name, StringComparer.Ordinal),
        ];
    }
}
