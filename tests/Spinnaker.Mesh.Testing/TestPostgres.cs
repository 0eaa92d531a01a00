using Npgsql;

namespace Spinnaker.Mesh.Testing;

/// <summary>
/// A fresh PostgreSQL database per fixture on the local server (127.0.0.1:5432), dropped on dispose.
/// The server comes from <c>MESH_TEST_POSTGRES</c> (set by <c>./mesh test</c>), else the local defaults of <c>./mesh up</c>.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    public const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=mesh;Password=mesh;Database=mesh";

    private TestPostgres(string serverConnectionString, string databaseName)
    {
        ServerConnectionString = serverConnectionString;
        DatabaseName = databaseName;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = databaseName, Pooling = true }.ConnectionString;
    }

    public string ServerConnectionString { get; }
    public string DatabaseName { get; }
    public string ConnectionString { get; }

    public static string Server => Environment.GetEnvironmentVariable("MESH_TEST_POSTGRES") is { Length: > 0 } s ? s : DefaultServer;

    public static async Task<TestPostgres> CreateAsync(CancellationToken ct = default)
    {
        var name = $"mesh_test_{Guid.CreateVersion7():N}";
        await using var connection = await OpenServerConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(ct);
        return new TestPostgres(Server, name);
    }

    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = await OpenServerConnectionAsync(CancellationToken.None);
        // FORCE may not end a session this role does not own (an autovacuum worker on the fresh database): retry a few times.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", connection);
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState is "42501" or "55006" && attempt < 20)
            {
                await Task.Delay(250);
            }
        }
    }

    private static async Task<NpgsqlConnection> OpenServerConnectionAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(Server);
        try
        {
            await connection.OpenAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException)
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at {new NpgsqlConnectionStringBuilder(Server).Host}:5432. Start it with ./mesh test (or .ci/run).", e);
        }
        return connection;
    }
}
