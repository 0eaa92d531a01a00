using System.Text.Json;

namespace Spinnaker.Mesh.EventStore;

/// <summary>How one service's event store is laid out and what it stores.</summary>
public sealed class EventStoreOptions
{
    /// <summary>The service's own PostgreSQL schema (e.g. <c>ingest</c>): lower-case letters, digits and underscores.</summary>
    public string Schema { get; set; } = "";

    /// <summary>Every event type the service appends or reads, under its stable alias.</summary>
    public EventTypeRegistry Events { get; } = new();

    /// <summary>How event data and metadata become jsonb: camelCase web defaults unless the service says otherwise.</summary>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>Read models updated in the appending transaction, in this order.</summary>
    public IList<IInlineProjection> Projections { get; } = new List<IInlineProjection>();

    /// <summary>Events read per round trip while rebuilding projections; bounds the memory a rebuild holds.</summary>
    public int RebuildBatchSize { get; set; } = 1000;
}
