using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>Builds the <see cref="ExecutionTree"/> of an <see cref="ExecutionState"/>. Pure: the same state gives the same tree.</summary>
internal static class ExecutionTreeBuilder
{
    /// <exception cref="ArgumentException">No event was applied to the state, so there is no execution to describe.</exception>
    public static ExecutionTree Build(ExecutionState state)
    {
        var execution = state.Execution ?? throw new ArgumentException("The state has no execution yet: apply an event first.", nameof(state));
        var stages = StageNesting.Nest(state.Stages.Values);
        var graph = new StageGraph(stages);
        return new ExecutionTree(
            Id: execution.ExecutionId,
            Tenant: execution.Tenant,
            Application: execution.Application,
            PipelineName: execution.PipelineName,
            PipelineConfigId: execution.PipelineConfigId,
            ExecutionType: execution.ExecutionType,
            Status: execution.Status,
            Trigger: execution.Trigger,
            StartTime: execution.StartTime,
            EndTime: execution.EndTime,
            DurationMs: Durations.Between(execution.StartTime, execution.EndTime),
            Template: execution.Template,
            Stages: stages,
            Branches: BranchFinder.Find(graph, ExecutionStatuses.IsComplete(execution.Status)),
            CriticalPath: CriticalPathFinder.Find(graph),
            ParentExecutionId: execution.Trigger?.ParentExecutionId,
            ChildExecutionIds: ChildExecutions(stages));
    }

    /// <summary>Executions started by this one's <c>pipeline</c> stages, in stage order. Links seen only from the child's side are the service's to add.</summary>
    private static IReadOnlyList<string> ChildExecutions(IReadOnlyList<StageNode> stages) =>
        [.. stages.SelectMany(Flatten).Select(s => s.ChildExecutionId).OfType<string>().Distinct(StringComparer.Ordinal)];

    private static IEnumerable<StageNode> Flatten(StageNode stage) => stage.Children.SelectMany(Flatten).Prepend(stage);
}
