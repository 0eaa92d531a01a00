using System.Text.Json;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Ingest.Normalization;

/// <summary>Reads <see cref="StageInfo"/> and <see cref="TaskInfo"/> from Orca stages (echo.md §5 "Stages", "Context keys").</summary>
internal static class StageReader
{
    public const string ManualJudgmentType = "manualJudgment";
    public const string PipelineStageType = "pipeline";

    /// <summary>Every stage of an execution snapshot (<see cref="EchoEvent.StageElements"/>); entries without an id are skipped.</summary>
    public static IReadOnlyList<StageInfo> ReadAll(IEnumerable<JsonElement> stageElements)
    {
        var stages = new List<StageInfo>();
        foreach (var stage in stageElements)
            if (Read(stage) is { } info) stages.Add(info);
        return stages;
    }

    /// <summary>The stage with id <paramref name="stageId"/> among <paramref name="stageElements"/>.</summary>
    public static JsonElement? Find(IEnumerable<JsonElement> stageElements, string stageId)
    {
        foreach (var stage in stageElements)
            if (stage.Str("id") == stageId) return stage;
        return null;
    }

    public static StageInfo? Read(JsonElement stage)
    {
        var id = stage.Str("id");
        if (id is null) return null;
        var context = stage.Obj("context");
        // For pipeline stages Orca removes type and name from the context, but synthetic stages may keep them.
        var type = stage.Str("type") ?? context.Str("type");
        var tasks = new List<TaskInfo>();
        foreach (var task in stage.Items("tasks"))
            if (ReadTask(task) is { } info) tasks.Add(info);

        return FromContext(
            id: id,
            refId: stage.Str("refId"),
            type: type,
            name: stage.Str("name") ?? context.Str("name"),
            status: Statuses.Normalize(stage.Str("status")) ?? Statuses.NotStarted,
            startTime: stage.EpochMs("startTime").ToTime(),
            endTime: stage.EpochMs("endTime").ToTime(),
            requisiteStageRefIds: [.. stage.Strings("requisiteStageRefIds")],
            parentStageId: stage.Str("parentStageId"),
            syntheticStageOwner: stage.Str("syntheticStageOwner"),
            context: context,
            outputs: stage.Obj("outputs"),
            lastModified: stage.Obj("lastModified"),
            taskElements: stage.Items("tasks"),
            tasks: tasks);
    }

    /// <summary>
    /// A stage from what a stage or task event carries beside the execution (<c>content.context</c>,
    /// <c>content.name</c>, <c>content.startTime</c>, <c>content.endTime</c>): for payloads without
    /// <c>content.execution</c>, or whose execution lacks the stage.
    /// </summary>
    public static StageInfo FromContent(EchoEvent evt, string stageId, string status)
    {
        var context = evt.Content.Obj("context");
        return FromContext(
            id: stageId,
            refId: null,
            type: context.Str("type") ?? evt.TaskNameParts?.StageType,
            name: evt.Content.Str("name") ?? context.Str("name"),
            status: status,
            startTime: evt.Content.EpochMs("startTime").ToTime(),
            endTime: evt.Content.EpochMs("endTime").ToTime(),
            requisiteStageRefIds: [],
            parentStageId: null,
            syntheticStageOwner: null,
            context: context,
            outputs: null,
            lastModified: null,
            taskElements: [],
            tasks: []);
    }

    public static TaskInfo? ReadTask(JsonElement task)
    {
        var id = task.Str("id");
        var name = task.Str("name");
        if (id is null && name is null) return null;
        var errors = new ErrorList();
        errors.AddException(task.Obj("taskExceptionDetails").Obj("exception"));
        return new TaskInfo(
            Id: id ?? name!,
            Name: name ?? id!,
            Status: Statuses.Normalize(task.Str("status")) ?? Statuses.NotStarted,
            StartTime: task.EpochMs("startTime").ToTime(),
            EndTime: task.EpochMs("endTime").ToTime(),
            Error: errors.Count == 0 ? null : string.Join("; ", errors.ToList()));
    }

    private static StageInfo FromContext(
        string id, string? refId, string? type, string? name, string status, DateTimeOffset? startTime, DateTimeOffset? endTime,
        IReadOnlyList<string> requisiteStageRefIds, string? parentStageId, string? syntheticStageOwner,
        JsonElement? context, JsonElement? outputs, JsonElement? lastModified, IEnumerable<JsonElement> taskElements, IReadOnlyList<TaskInfo> tasks)
    {
        // A deploy stage lists clusters; its synthetic createServerGroup children hold one cluster object.
        var clusterObject = context.Obj("cluster") ?? FirstObject(context.Items("clusters"));

        var errors = new ErrorList(tasks.Select(t => t.Name));
        errors.AddContext(context, outputs);
        foreach (var task in taskElements) errors.AddException(task.Obj("taskExceptionDetails").Obj("exception"));

        var account = context.Str("account") ?? context.Str("credentials") ?? context.Str("deploy.account.name")
            ?? clusterObject.Str("account") ?? clusterObject.Str("credentials");

        return new StageInfo(
            Id: id,
            RefId: refId,
            Type: type,
            Name: name,
            Status: status,
            StartTime: startTime,
            EndTime: endTime,
            RequisiteStageRefIds: requisiteStageRefIds,
            ParentStageId: parentStageId,
            SyntheticStageOwner: syntheticStageOwner,
            CloudProvider: context.Str("cloudProvider") ?? context.Str("cloudProviderType")
                ?? clusterObject.Str("cloudProvider") ?? clusterObject.Str("provider"),
            Account: account,
            Regions: Regions(context),
            Cluster: context.Prop("cluster").AsString() ?? context.Obj("moniker").Str("cluster") ?? ClusterName(clusterObject),
            ServerGroup: context.Str("serverGroupName") ?? context.Str("asgName") ?? context.Prop("serverGroup").AsString()
                ?? FirstDeployedServerGroup(context),
            Errors: errors.ToList(),
            Tasks: tasks,
            Judgment: ReadJudgment(type, context, lastModified),
            ChildExecutionId: string.Equals(type, PipelineStageType, StringComparison.Ordinal) ? context.Str("executionId") : null,
            Canary: CanaryReader.Read(type, name, context, outputs),
            Accounts: Accounts(context, account),
            Artifacts: StageArtifacts.Read(type, context, outputs),
            Namespace: NamespaceReader.Read(context, outputs),
            Rollback: RollbackReader.Read(type, context, outputs));
    }

    /// <summary>
    /// Every account the stage names (<c>account</c>, <c>credentials</c>, <c>deploy.account.name</c>, each
    /// <c>clusters[].account</c>, <c>cluster.account</c>), when that is more than <paramref name="account"/> alone:
    /// a <c>deploy</c> stage can target production and staging clusters at once.
    /// </summary>
    private static IReadOnlyList<string>? Accounts(JsonElement? context, string? account)
    {
        var accounts = new OrderedSet();
        accounts.Add(context.Str("account"));
        accounts.Add(context.Str("credentials"));
        accounts.Add(context.Str("deploy.account.name"));
        foreach (var cluster in context.Items("clusters"))
        {
            accounts.Add(cluster.Str("account"));
            accounts.Add(cluster.Str("credentials"));
        }
        accounts.Add(context.Obj("cluster").Str("account"));
        accounts.Add(context.Obj("cluster").Str("credentials"));
        var all = accounts.ToList();
        return all.Count > 1 || (all.Count == 1 && all[0] != account?.Trim()) ? all : null;
    }

    /// <summary>
    /// A decided manual judgment: <c>judgmentStatus</c> non-empty (Orca resets it to "" when an unauthorized user
    /// judged). Stages whose type is unknown (payload without the execution) count when their context has one.
    /// </summary>
    private static JudgmentInfo? ReadJudgment(string? type, JsonElement? context, JsonElement? lastModified)
    {
        if (type is not null && !string.Equals(type, ManualJudgmentType, StringComparison.OrdinalIgnoreCase)) return null;
        if (context.Str("judgmentStatus") is not { } status) return null;
        return new JudgmentInfo(
            Status: status.Trim().ToLowerInvariant(),
            Input: context.Str("judgmentInput"),
            JudgedBy: lastModified.Str("user") ?? context.Str("lastModifiedBy"),
            JudgedAt: lastModified.EpochMs("lastModifiedTime").ToTime());
    }

    /// <summary><c>region</c>, <c>regions</c>, keys of <c>deploy.server.groups</c>, keys of <c>availabilityZones</c> (also of cluster objects).</summary>
    private static IReadOnlyList<string> Regions(JsonElement? context)
    {
        var regions = new OrderedSet();
        regions.AddRange(context.Strings("region"));
        regions.AddRange(context.Strings("regions"));
        regions.AddRange(context.Keys("deploy.server.groups"));
        regions.AddRange(context.Keys("availabilityZones"));
        regions.AddRange(context.Obj("cluster").Keys("availabilityZones"));
        foreach (var cluster in context.Items("clusters")) regions.AddRange(((JsonElement?)cluster).Keys("availabilityZones"));
        return regions.ToList();
    }

    private static string? FirstDeployedServerGroup(JsonElement? context)
    {
        if (context.Obj("deploy.server.groups") is not { } groups) return null;
        foreach (var region in groups.EnumerateObject())
        {
            var first = ((JsonElement?)region.Value).AsString();
            if (first is not null) return first;
            if (region.Value.ValueKind == JsonValueKind.Array)
                foreach (var item in region.Value.EnumerateArray())
                    if (((JsonElement?)item).AsString() is { } name) return name;
        }
        return null;
    }

    /// <summary>The cluster an AWS-style cluster object describes: its moniker, else <c>app-stack-detail</c> (Frigga naming).</summary>
    private static string? ClusterName(JsonElement? cluster)
    {
        if (cluster is null) return null;
        if (cluster.Obj("moniker").Str("cluster") is { } moniker) return moniker;
        if (cluster.Str("application") is not { } application) return null;
        var stack = cluster.Str("stack");
        var detail = cluster.Str("freeFormDetails") ?? cluster.Str("detail");
        if (detail is not null) return $"{application}-{stack}-{detail}";
        return stack is not null ? $"{application}-{stack}" : application;
    }

    private static JsonElement? FirstObject(IEnumerable<JsonElement> items)
    {
        foreach (var item in items)
            if (item.ValueKind == JsonValueKind.Object) return item;
        return null;
    }
}

/// <summary>Distinct, trimmed, non-blank strings in first-seen order.</summary>
internal class OrderedSet
{
    private readonly List<string> _items = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public int Count => _items.Count;

    public void Add(string? item)
    {
        if (string.IsNullOrWhiteSpace(item)) return;
        var trimmed = item.Trim();
        if (_seen.Add(trimmed)) _items.Add(trimmed);
    }

    public void AddRange(IEnumerable<string> items)
    {
        foreach (var item in items) Add(item);
    }

    public IReadOnlyList<string> ToList() => _items.ToArray();
}
