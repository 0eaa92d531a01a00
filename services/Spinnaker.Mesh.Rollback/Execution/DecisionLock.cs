using Npgsql;

namespace Spinnaker.Mesh.Rollback.Execution;

/// <summary>
/// A PostgreSQL session advisory lock on one decision, held on a connection of its own from before the intent is
/// committed until the outcome is: while a replica waits for Gate, no other one reconciles or calls for the decision.
/// A process that dies loses its connection and so the lock: an intent without outcome and without a holder is the
/// mark of a cut call. Taken without waiting: whoever holds it carries the decision on.
/// </summary>
internal sealed class DecisionLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private DecisionLock(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>The lock, or null when another session holds it.</summary>
    public static async Task<DecisionLock?> TryTakeAsync(NpgsqlDataSource database, string tenant, string decisionId, CancellationToken ct)
    {
        var connection = await database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand("SELECT hashtextextended($1, 0), pg_try_advisory_lock(hashtextextended($1, 0))", connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"rollback-decision|{tenant}|{decisionId}" });
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var key = reader.GetInt64(0);
            if (reader.GetBoolean(1)) return new DecisionLock(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", _connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _key });
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The connection is gone, and with it the lock.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
