using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Spinnaker.Mesh.EventSourcing;

/// <summary>
/// Creates or migrates the store's schema (Marten's tables, projections' tables, the service's Weasel tables) before
/// anything else starts. Replicas starting at once queue on a session advisory lock: the first migrates, the others
/// then find nothing to change. Marten's own start-up migration tries its lock for well under a second and then fails
/// the start, which a first migration of an empty database (tens of functions and tables) easily outlasts.
/// </summary>
internal sealed class StartupSchemaMigration(IDocumentStore store, NpgsqlDataSource dataSource, ILogger<StartupSchemaMigration> log) : IHostedService
{
    /// <summary>One lock for every Mesh schema of a database, so two services never change the catalog at once.</summary>
    internal const string LockName = "spinnaker-mesh:schema-migration";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext($1))", connection))
        {
            take.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LockName });
            // No command timeout: waiting for the replica that migrates is the point; start-up cancellation still ends it.
            take.CommandTimeout = 0;
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            log.LogInformation("Schema {Schema} is up to date", store.Options.DatabaseSchemaName);
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext($1))", connection);
            release.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LockName });
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
