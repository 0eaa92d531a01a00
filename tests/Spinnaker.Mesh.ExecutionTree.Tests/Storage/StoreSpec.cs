using Marten;
using Npgsql;
using NUnit.Framework;
using Spinnaker.Mesh.ExecutionTree.Consumers;
using Spinnaker.Mesh.ExecutionTree.Tests.Api.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Storage;

/// <summary>
/// The service's storage without its process: a fresh database per fixture, the service's Marten store migrated, and
/// the writer its consumers store every batch with. Derived fixtures arrange in their own [OneTimeSetUp].
/// </summary>
[NonParallelizable]
internal abstract class StoreSpec
{
    private TestPostgres? _postgres;

    protected NpgsqlDataSource Database { get; private set; } = null!;
    protected DocumentStore Store { get; private set; } = null!;
    protected ExecutionEventWriter Writer { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task CreateStore()
    {
        _postgres = await TestPostgres.CreateAsync();
        Database = _postgres.CreateDataSource();
        Store = await ExecutionTreeStore.CreateMigratedAsync(Database);
        Writer = new ExecutionEventWriter(Store);
    }

    [OneTimeTearDown]
    public async Task DropStore()
    {
        Store?.Dispose();
        if (Database is not null) await Database.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }

    protected async Task ExecuteAsync(string sql)
    {
        await using var command = Database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    protected Task<string> ReadModelAsync(string tenant, bool withWriteTimes) => ReadModelDigest.OfAsync(Database, tenant, withWriteTimes);

    /// <summary>The ids of an execution's <c>stages</c> rows, in ordinal order.</summary>
    protected async Task<IReadOnlyList<string>> StageIdsAsync(string tenant, string executionId)
    {
        await using var command = Database.CreateCommand(
            "SELECT s.stage_id FROM execution_tree.stages s WHERE s.tenant = $1 AND s.execution_id = $2 ORDER BY 1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = executionId });
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }
}
