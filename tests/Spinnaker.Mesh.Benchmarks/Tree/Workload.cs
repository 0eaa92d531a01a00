using System.Globalization;
using System.Text;
using System.Text.Json;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.ExecutionTree;
using Spinnaker.Mesh.ExecutionTree.Domain;

namespace Spinnaker.Mesh.Benchmarks.Tree;

/// <summary>What the benchmarked executions are made of, printed before the benchmarks so the figures can be read against it.</summary>
internal static class Workload
{
    public static ExecutionState ApplyAll(IReadOnlyList<object> events)
    {
        var state = ExecutionState.Empty;
        foreach (var e in events) state = state.Apply(e);
        return state;
    }

    public static string Describe(params int[] stageCounts)
    {
        var text = new StringBuilder();
        text.AppendLine("| stages (top-level + synthetic) | tasks | events (started/stage/task/judgment/completed) | state JSON | tree JSON |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var stages in stageCounts)
        {
            var execution = SyntheticExecution.Create(stages);
            var state = ApplyAll(execution.Events);
            var tree = ExecutionTreeBuilder.Build(state);
            var nested = tree.AllStages().Count();
            if (nested != execution.StageCount || tree.Status != SyntheticExecution.FinalStatus)
                throw new InvalidOperationException($"The {stages}-stage tree has {nested} stages and status {tree.Status}.");
            var stateBytes = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(state, ExecutionTreeJson.State));
            var treeBytes = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(tree, ExecutionTreeJson.Api));
            int Count<T>() => execution.Events.Count(e => e is T);
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {execution.StageCount} ({execution.TopLevelCount} + {execution.StageCount - execution.TopLevelCount}) | {execution.TaskCount} " +
                $"| {execution.Events.Count} ({Count<PipelineStarted>()}/{Count<StageStarted>() + Count<StageCompleted>()}/{Count<TaskCompleted>()}" +
                $"/{Count<ManualJudgmentResolved>()}/{Count<PipelineCompleted>()}) | {stateBytes / 1024.0:N0} KB | {treeBytes / 1024.0:N0} KB |"));
        }
        return text.ToString();
    }
}
