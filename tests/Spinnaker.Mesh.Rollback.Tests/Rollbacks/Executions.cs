using System.Security.Cryptography;
using System.Text;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Rollback.Tests.Rollbacks;

/// <summary>
/// Execution events as ingest publishes them, written by hand for rollback monitoring: stages with what ingest reads
/// from their context (cluster, account, regions, namespace, rollback targets, errors), executions with their trigger.
/// Time zero is 2026-03-02T10:00Z; ids are derived from names (event ids from tenant, execution, stage and status, as
/// ingest derives them), so the same call gives the same event.
/// </summary>
internal static class Executions
{
    public const string Tenant = "acme";
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(double minutes) => T0.AddMinutes(minutes);

    /// <summary>A stable id for <paramref name="name"/> (events built twice from the same name are the same event).</summary>
    public static Guid Id(string name) => new(MD5.HashData(Encoding.UTF8.GetBytes(name)));

    public static StageInfo Stage(string id, string type, string status, double start, double? end,
        string? name = null, string? parent = null, string? cluster = null, string? account = null, string[]? regions = null,
        string? serverGroup = null, string? ns = null, RollbackInfo? rollback = null, string[]? errors = null, TaskInfo[]? tasks = null,
        ArtifactInfo[]? artifacts = null, string? refId = null) =>
        new(id, refId ?? id, type, name ?? type, status, At(start), end is { } e ? At(e) : null, [], parent, parent is null ? null : "STAGE_AFTER",
            null, account, regions ?? [], cluster, serverGroup, errors ?? [], tasks ?? [], null, null,
            Artifacts: artifacts, Namespace: ns, Rollback: rollback);

    public static ArtifactInfo Image(string name, string tag) => new("docker/image", name, tag, $"{name}:{tag}", new Dictionary<string, string>());

    public static ArtifactInfo Workload(string kind, string name) => new($"kubernetes/{kind}", name, null, name, new Dictionary<string, string>());

    public static TaskInfo TaskRun(string name, string status, double start, double end, string? error = null) => new(name, name, status, At(start), At(end), error);

    public static ExecutionInfo Execution(string id, string? pipelineName, string status, double start, double? end, TriggerInfo? trigger,
        string application = "payments", string tenant = Tenant, string type = "PIPELINE", string? configId = null) =>
        new(tenant, application, id, type, pipelineName, configId ?? "cfg-" + pipelineName, status, At(start), end is { } e ? At(e) : null,
            trigger, null, false, null, null);

    public static TriggerInfo Manual(string user = "bob@example.com", Dictionary<string, string>? parameters = null) =>
        new("manual", user, null, null, null, null, null, Parameters: parameters);

    public static TriggerInfo MeshTrigger(string decisionId, string user = "spinnaker-mesh", Dictionary<string, string>? parameters = null)
    {
        var all = new Dictionary<string, string>(parameters ?? []) { ["meshDecisionId"] = decisionId };
        return new TriggerInfo("manual", user, null, null, null, null, null, Parameters: all);
    }

    public static TriggerInfo ByPipeline(string parentId, string parentName, string parentStatus, string[] parentErrors, ArtifactInfo[]? parentDeployed = null) =>
        new("pipeline", "alice@example.com", parentId, null, $"{parentId}_corr", null, null,
            ParentTrigger: Manual("alice@example.com"),
            ParentExecution: new ParentExecutionInfo("checkout", parentName, parentStatus, parentErrors, parentDeployed));

    public static TriggerInfo Other(string type, string user = "[anonymous]") => new(type, user, null, null, null, null, null);

    /// <summary>The end of <paramref name="stage"/>, with the rest of the snapshot (the event's own stage is not repeated in it).</summary>
    public static StageCompleted StageEnded(ExecutionInfo execution, StageInfo stage, params StageInfo[] others) =>
        new(Id($"{execution.Tenant}/{execution.ExecutionId}/{stage.Id}/{stage.Status}/stage"), stage.EndTime ?? stage.StartTime ?? T0, execution, stage,
            [.. others.Where(s => s.Id != stage.Id)]);

    public static PipelineCompleted PipelineEnded(ExecutionInfo execution, params StageInfo[] stages) =>
        new(Id($"{execution.Tenant}/{execution.ExecutionId}/{execution.Status}/pipeline"), execution.EndTime ?? T0, execution, stages);

    public static OrchestrationCompleted OrchestrationEnded(ExecutionInfo execution, params StageInfo[] stages) =>
        new(Id($"{execution.Tenant}/{execution.ExecutionId}/{execution.Status}/orchestration"), execution.EndTime ?? T0, execution, stages);
}
