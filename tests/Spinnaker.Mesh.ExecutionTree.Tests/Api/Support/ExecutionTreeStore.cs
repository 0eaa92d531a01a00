using Marten;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Spinnaker.Mesh.ExecutionTree.ReadModel;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Api.Support;

/// <summary>The execution-tree service's Marten store, built as the service builds it (the kit's conventions, then the service's part).</summary>
internal static class ExecutionTreeStore
{
    public static DocumentStore Create(NpgsqlDataSource database) => DocumentStore.For(options =>
    {
        options.Connection(database);
        MeshEventStore.ConfigureConventions(options, ReadModelSchema.Name);
        ExecutionTreeModule.ConfigureStore(options);
    });

    /// <summary>Creates the service's schema (Marten's tables and the read-model tables) as the service does at start.</summary>
    public static async Task<DocumentStore> CreateMigratedAsync(NpgsqlDataSource database)
    {
        var store = Create(database);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return store;
    }

    /// <summary>How many events a tenant's streams hold, read through Marten.</summary>
    public static async Task<int> EventCountAsync(this IDocumentStore store, string tenant)
    {
        await using var session = store.QuerySession(tenant);
        return await session.Events.QueryAllRawEvents().CountAsync();
    }

    /// <summary>An execution's stream version (0: no stream), read through Marten.</summary>
    public static async Task<long> StreamVersionAsync(this IDocumentStore store, string tenant, string executionId)
    {
        await using var session = store.QuerySession(tenant);
        return (await session.Events.FetchStreamStateAsync(executionId))?.Version ?? 0;
    }
}
