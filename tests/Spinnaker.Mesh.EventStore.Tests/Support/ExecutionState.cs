using System.Collections.Immutable;
using Spinnaker.Mesh.EventStore;

namespace Spinnaker.Mesh.EventStore.Tests.Support;

/// <summary>A small aggregate: each stage's last status, and the version it was built to.</summary>
public sealed record ExecutionState(long Version, ImmutableDictionary<string, string> Stages) : IAggregate<ExecutionState>
{
    public static ExecutionState Empty { get; } = new(0, ImmutableDictionary<string, string>.Empty);

    public ExecutionState Apply(StoredEvent @event) => @event.Data switch
    {
        StageStarted e => new(@event.Version, Stages.SetItem(e.StageId, "RUNNING")),
        StageCompleted e => new(@event.Version, Stages.SetItem(e.StageId, e.Status)),
        _ => this with { Version = @event.Version },
    };
}
