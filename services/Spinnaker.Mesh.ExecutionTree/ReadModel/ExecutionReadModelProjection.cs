using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Spinnaker.Mesh.ExecutionTree.Domain;

namespace Spinnaker.Mesh.ExecutionTree.ReadModel;

/// <summary>
/// Keeps each execution's rows (<c>executions</c>, <c>stages</c>, <c>execution_links</c>) in step with its stream.
/// Registered <b>inline</b>: its writes join the batch and the transaction that append the events, so a query sees an
/// event's effect as soon as its append committed. The merge state is stored beside the rows, so a batch costs one
/// state read (for every execution it touches), not a replay of the streams.
/// </summary>
/// <remarks>
/// The states are read through the session, so inside its transaction when the writer opened one:
/// <see cref="Consumers.ExecutionEventWriter"/> does, and locks the executions first, so no other writer can change a
/// state between this read and the commit. A rebuild (Marten's daemon, one range after another) has no concurrent
/// writer of its own; each range reads the states the previous one committed.
/// </remarks>
internal sealed class ExecutionReadModelProjection : IProjection
{
    /// <summary>The projection's name in Marten (<c>projections rebuild</c>, the daemon's progress rows).</summary>
    public const string Name = "execution-tree";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        // Ordinal order: every writer touches the rows of its executions in the same order, so two batches sharing
        // executions cannot deadlock on them.
        var touched = events
            .GroupBy(e => new ExecutionKey(e.TenantId, e.StreamKey ?? throw new InvalidOperationException("Execution streams are keyed by execution id.")))
            .OrderBy(g => g.Key)
            .ToList();
        var states = await ExecutionStates.LoadAsync(operations, [.. touched.Select(g => g.Key)], cancellation);

        foreach (var execution in touched)
        {
            var state = states.GetValueOrDefault(execution.Key) ?? ExecutionState.Empty;
            foreach (var e in execution) state = state.Apply(e.Data);
            // Every execution event names its execution, so this holds after the first one; a stream of other events has no tree.
            if (state.Execution is null) continue;
            foreach (var write in ExecutionRows.For(execution.Key.Tenant, state, ExecutionTreeBuilder.Build(state)))
                operations.QueueOperation(write);
        }
    }
}
