using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>
/// Merges two observations of an execution, with the same split as <see cref="StageMerge"/>: status and times
/// from the more advanced observation, every other field joined on its own (present over missing).
/// </summary>
internal static class ExecutionMerge
{
    public static ExecutionInfo Normalize(ExecutionInfo execution) => Merge(execution, execution);

    public static ExecutionInfo Merge(ExecutionInfo a, ExecutionInfo b)
    {
        var progress = MoreAdvanced(a, b);
        return new ExecutionInfo(
            Tenant: Join.Required(a.Tenant, b.Tenant),
            Application: Join.Required(a.Application, b.Application),
            ExecutionId: Join.Required(a.ExecutionId, b.ExecutionId),
            ExecutionType: Join.Required(a.ExecutionType, b.ExecutionType),
            PipelineName: Join.Text(a.PipelineName, b.PipelineName),
            PipelineConfigId: Join.Text(a.PipelineConfigId, b.PipelineConfigId),
            Status: progress.Status,
            StartTime: progress.StartTime?.ToUniversalTime(),
            EndTime: progress.EndTime?.ToUniversalTime(),
            Trigger: Join.Record(a.Trigger, b.Trigger),
            Template: Join.Record(a.Template, b.Template),
            // Orca's first cancel event can carry a stale canceled flag and canceler (echo.md §6): once any
            // observation says canceled, it was.
            Canceled: a.Canceled || b.Canceled,
            CanceledBy: Join.Text(a.CanceledBy, b.CanceledBy),
            CancellationReason: Join.Text(a.CancellationReason, b.CancellationReason));
    }

    /// <summary>Status rank, later end, later start, then status name: a total order over the progress fields.</summary>
    private static ExecutionInfo MoreAdvanced(ExecutionInfo a, ExecutionInfo b)
    {
        var order = ExecutionStatuses.Rank(a.Status).CompareTo(ExecutionStatuses.Rank(b.Status));
        if (order == 0) order = Join.CompareTimes(a.EndTime, b.EndTime);
        if (order == 0) order = Join.CompareTimes(a.StartTime, b.StartTime);
        if (order == 0) order = string.CompareOrdinal(a.Status, b.Status);
        return order >= 0 ? a : b;
    }
}
