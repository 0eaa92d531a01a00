namespace Spinnaker.Mesh.EventStore;

/// <summary>
/// A state built by folding a stream's events, for <see cref="EventStore.AggregateStreamAsync{T}"/>. Immutable records
/// fit best: <see cref="Apply"/> returns the next state.
/// </summary>
public interface IAggregate<TSelf> where TSelf : IAggregate<TSelf>
{
    /// <summary>The state before the first event.</summary>
    static abstract TSelf Empty { get; }

    /// <summary>The state after <paramref name="event"/>; ignore event types the state does not care about.</summary>
    TSelf Apply(StoredEvent @event);
}
