using Npgsql;
using Spinnaker.Mesh.Ingest.Receipts;
using Spinnaker.Mesh.Ingest.Rejections;

namespace Spinnaker.Mesh.Ingest;

/// <summary>Creates ingest's own tables beside its event store (idempotent, at start-up, before consumers run).</summary>
internal sealed class IngestTables(NpgsqlDataSource db) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("CREATE SCHEMA IF NOT EXISTS ingest;" + ReceiptLog.Schema + RejectionStore.Schema);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
