using System.Text.Json;
using Marten;
using Spinnaker.Mesh.ExecutionTree.Domain;

namespace Spinnaker.Mesh.ExecutionTree.ReadModel;

/// <summary>The stored merge states of the executions a batch touches, in one query.</summary>
internal static class ExecutionStates
{
    // One row per key, in the keys' order, null where the execution has no row yet: Marten's raw SQL reads one column.
    private const string Sql = """
        SELECT e.state::text
        FROM unnest(?, ?) WITH ORDINALITY AS k(tenant, execution_id, position)
        LEFT JOIN execution_tree.executions e ON e.tenant = k.tenant AND e.execution_id = k.execution_id
        ORDER BY k.position
        """;

    public static async Task<Dictionary<ExecutionKey, ExecutionState>> LoadAsync(
        IQuerySession session, IReadOnlyList<ExecutionKey> keys, CancellationToken ct)
    {
        var states = new Dictionary<ExecutionKey, ExecutionState>(keys.Count);
        if (keys.Count == 0) return states;
        var rows = await session.AdvancedSql.QueryAsync<string?>(Sql, ct,
            keys.Select(k => k.Tenant).ToArray(), keys.Select(k => k.ExecutionId).ToArray());
        if (rows.Count != keys.Count)
            throw new InvalidOperationException($"Asked for the states of {keys.Count} executions, read {rows.Count} rows.");
        for (var i = 0; i < keys.Count; i++)
            if (rows[i] is { } json)
                states[keys[i]] = JsonSerializer.Deserialize<ExecutionState>(json, ExecutionTreeJson.State)
                    ?? throw new InvalidOperationException($"Execution {keys[i].ExecutionId} has a null stored state.");
        return states;
    }
}
