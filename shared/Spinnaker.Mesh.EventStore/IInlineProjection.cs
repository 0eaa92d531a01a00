using Npgsql;

namespace Spinnaker.Mesh.EventStore;

/// <summary>
/// A read model kept in step with the events: applied inside the appending transaction, so the read model and the
/// events commit (or roll back) together. Owns its tables.
/// </summary>
public interface IInlineProjection
{
    /// <summary>Unique among the store's projections; names it in rebuilds.</summary>
    string Name { get; }

    /// <summary>Creates the projection's tables if missing. Runs at start-up inside the migration's transaction, so it must be idempotent.</summary>
    Task EnsureSchemaAsync(NpgsqlConnection connection, CancellationToken ct);

    /// <summary>
    /// Applies events in global (seq) order: during a save, only the events that save appended (never the skipped
    /// replays); during a rebuild, every stored event, batch by batch.
    /// </summary>
    Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> appended, CancellationToken ct);

    /// <summary>Empties the projection's tables before a rebuild replays every event.</summary>
    Task ResetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct);
}
