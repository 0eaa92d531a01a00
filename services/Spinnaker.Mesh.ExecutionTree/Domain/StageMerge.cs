using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>
/// Merges two observations of the same stage into one. The merge is a join (commutative, associative, idempotent),
/// which is what lets events arrive in any order and any number of times. A stage has three kinds of field:
/// <list type="bullet">
/// <item>Progress (<c>Status</c>, <c>StartTime</c>, <c>EndTime</c>, <c>Errors</c>): taken together from the more
/// advanced observation, because they describe one moment and mixing moments would invent a state that never was.</item>
/// <item>Facts (refId, type, name, DAG links, synthetic owner, cloud provider, account, regions, cluster, server group,
/// child execution): joined one by one, present over missing. A stage event from a payload without the execution
/// lacks the refId and links that the pipeline snapshot has, and the snapshot must not lose them to it.</item>
/// <item>Tasks and judgment: merged by their own joins, so a task event adds to whatever stage observation wins.</item>
/// </list>
/// Of two present facts the ordinally greater is kept; they normally agree. One consequence: a restarted
/// <c>pipeline</c> stage shows the later child execution, because ULIDs sort by time.
/// </summary>
internal static class StageMerge
{
    /// <summary>The canonical form of a single observation; merging it with itself gives it back.</summary>
    public static StageInfo Normalize(StageInfo stage) => Merge(stage, stage);

    public static StageInfo Merge(StageInfo a, StageInfo b)
    {
        var progress = MoreAdvanced(a, b);
        return new StageInfo(
            Id: Join.Required(a.Id, b.Id),
            RefId: Join.Text(a.RefId, b.RefId),
            Type: Join.Text(a.Type, b.Type),
            Name: Join.Text(a.Name, b.Name),
            Status: progress.Status,
            StartTime: progress.StartTime?.ToUniversalTime(),
            EndTime: progress.EndTime?.ToUniversalTime(),
            RequisiteStageRefIds: Join.Union(a.RequisiteStageRefIds, b.RequisiteStageRefIds, RefIdOrder.Instance),
            ParentStageId: Join.Text(a.ParentStageId, b.ParentStageId),
            SyntheticStageOwner: Join.Text(a.SyntheticStageOwner, b.SyntheticStageOwner),
            CloudProvider: Join.Text(a.CloudProvider, b.CloudProvider),
            Account: Join.Text(a.Account, b.Account),
            Regions: Join.Union(a.Regions, b.Regions, StringComparer.Ordinal),
            Cluster: Join.Text(a.Cluster, b.Cluster),
            ServerGroup: Join.Text(a.ServerGroup, b.ServerGroup),
            Errors: [.. progress.Errors],
            Tasks: TaskMerge.Merge(a.Tasks, b.Tasks),
            Judgment: JudgmentMerge.Merge(a.Judgment, b.Judgment),
            ChildExecutionId: Join.Text(a.ChildExecutionId, b.ChildExecutionId));
    }

    /// <summary>
    /// Total order over the progress fields: status rank, later end, later start, then status name, more errors,
    /// the errors themselves. Tasks are not part of it: they are merged separately, so counting them would make the
    /// winner depend on what had been merged before.
    /// </summary>
    private static StageInfo MoreAdvanced(StageInfo a, StageInfo b)
    {
        var order = ExecutionStatuses.Rank(a.Status).CompareTo(ExecutionStatuses.Rank(b.Status));
        if (order == 0) order = Join.CompareTimes(a.EndTime, b.EndTime);
        if (order == 0) order = Join.CompareTimes(a.StartTime, b.StartTime);
        if (order == 0) order = string.CompareOrdinal(a.Status, b.Status);
        if (order == 0) order = a.Errors.Count.CompareTo(b.Errors.Count);
        if (order == 0) order = Join.CompareLists(a.Errors, b.Errors);
        return order >= 0 ? a : b;
    }
}
