using System.Text.Json;
using Npgsql;
using Spinnaker.Mesh.EventStore;
using Spinnaker.Mesh.ExecutionTree.Domain;

namespace Spinnaker.Mesh.ExecutionTree.ReadModel;

/// <summary>
/// Keeps each execution's rows (<c>executions</c>, <c>stages</c>, <c>execution_links</c>) in step with its stream,
/// inside the appending transaction. The merge state is stored beside the rows, so an event costs one state read,
/// not a replay of the stream; the stream's lock (taken by the append) keeps two writers of one execution apart.
/// </summary>
internal sealed class ExecutionReadModelProjection : IInlineProjection
{
    public string Name => "execution-tree";

    public async Task EnsureSchemaAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(ReadModelSchema.Ddl, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> appended, CancellationToken ct)
    {
        var touched = appended.GroupBy(e => new ExecutionKey(e.Tenant, e.StreamId)).ToList();
        var states = await LoadStatesAsync(connection, transaction, touched.Select(g => g.Key).ToList(), ct);

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var events in touched)
        {
            var state = states.GetValueOrDefault(events.Key) ?? ExecutionState.Empty;
            foreach (var e in events) state = state.Apply(e.Data);
            // Every execution event names its execution, so this holds after the first one; a stream of other events has no tree.
            if (state.Execution is null) continue;
            ExecutionRows.Write(batch, events.Key.Tenant, state, ExecutionTreeBuilder.Build(state));
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Empties what the events rebuild. Regressions stay: they were published when found and depend on what history
    /// was known at the time, so a replay could not give them back.
    /// </summary>
    public async Task ResetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "TRUNCATE execution_tree.executions, execution_tree.stages, execution_tree.execution_links", connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<Dictionary<ExecutionKey, ExecutionState>> LoadStatesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ExecutionKey> keys, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT e.tenant, e.execution_id, e.state::text
            FROM execution_tree.executions e
            JOIN unnest(@tenants, @executions) AS k(tenant, execution_id) ON e.tenant = k.tenant AND e.execution_id = k.execution_id
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]>("tenants", keys.Select(k => k.Tenant).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("executions", keys.Select(k => k.ExecutionId).ToArray()));
        var states = new Dictionary<ExecutionKey, ExecutionState>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            states[new ExecutionKey(reader.GetString(0), reader.GetString(1))] =
                JsonSerializer.Deserialize<ExecutionState>(reader.GetString(2), ExecutionTreeJson.State)
                ?? throw new InvalidOperationException($"Execution {reader.GetString(1)} has a null stored state.");
        return states;
    }

    private readonly record struct ExecutionKey(string Tenant, string ExecutionId);
}
