using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MassTransit;
using Spinnaker.Mesh.ExecutionTree.Consumers;

namespace Spinnaker.Mesh.Benchmarks.Serve;

/// <summary>
/// One execution through the running service: its events published as ingest publishes them (one after another, in
/// Orca's order, MessageId = EventId, publisher confirms), the time until its tree is complete and until every event
/// is stored, then repeated GETs of the tree.
/// </summary>
internal static class TreeServing
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public sealed record Ingest(
        int Events, double PublishSeconds, double TreeCompleteSeconds, double StoredSeconds, double? ServiceCpuSeconds, string Machine,
        long StateTextBytes, long StateStoredBytes, long StageRows,
        double? PostgresCpuSeconds, long WalBytes, long StageRowsWritten, long ReadModelBytes);

    /// <summary>Database-side counters of the test database: WAL position, CPU of its backends, rows written to and size of the read model.</summary>
    private sealed record DatabaseCounters(string WalLsn, double? BackendCpuSeconds, long StageRowsWritten, long ReadModelBytes);

    private static async Task<DatabaseCounters> CountersAsync(ServeEnvironment env, CancellationToken ct)
    {
        await using var command = env.Database.CreateCommand("""
            SELECT pg_current_wal_lsn()::text,
                   (SELECT array_agg(pid) FROM pg_stat_activity WHERE datname = current_database()),
                   (SELECT coalesce(n_tup_ins, 0) FROM pg_stat_user_tables WHERE schemaname = 'execution_tree' AND relname = 'stages'),
                   pg_total_relation_size('execution_tree.stages') + pg_total_relation_size('execution_tree.executions')
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var pids = reader.IsDBNull(1) ? [] : reader.GetFieldValue<int[]>(1);
        double? cpu = null;
        foreach (var pid in pids)
        {
            var seconds = ServeEnvironment.ProcessCpuSeconds(pid);
            if (seconds is { } value) cpu = (cpu ?? 0) + value;
        }
        return new DatabaseCounters(reader.GetString(0), cpu, reader.IsDBNull(2) ? 0 : reader.GetInt64(2), reader.GetInt64(3));
    }

    private static async Task<long> WalBytesAsync(ServeEnvironment env, string from, string to, CancellationToken ct)
    {
        await using var command = env.Database.CreateCommand("SELECT pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn)::bigint");
        command.Parameters.Add(new() { Value = to });
        command.Parameters.Add(new() { Value = from });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public static async Task<Ingest> IngestAsync(ServeEnvironment env, SyntheticExecution execution, TimeSpan limit, CancellationToken ct)
    {
        var machine = MachineLoad.Sample();
        var cpuBefore = env.ServiceCpuSeconds();
        var databaseBefore = await CountersAsync(env, ct);
        var watch = Stopwatch.StartNew();
        foreach (var e in execution.Events)
        {
            var (eventId, _) = ExecutionEvents.Identify(e);
            await env.Bus.Publish(e, e.GetType(), publish => publish.MessageId = eventId, ct);
        }
        var published = watch.Elapsed.TotalSeconds;

        double? complete = null, stored = null;
        var deadline = watch.Elapsed + limit;
        var lastSeen = "nothing";
        var lastProgress = TimeSpan.Zero;
        while (complete is null || stored is null)
        {
            if (watch.Elapsed > deadline)
                throw new TimeoutException($"The {execution.StageCount}-stage execution was not complete after {limit.TotalSeconds:N0} s " +
                    $"(last seen: {lastSeen}).\n{Tail(env.Service.Output)}");
            if (complete is null)
            {
                var (status, stages) = await ReadTreeAsync(env, execution, ct);
                lastSeen = $"status {status}, {stages} stages";
                if (status == SyntheticExecution.FinalStatus && stages == execution.StageCount) complete = watch.Elapsed.TotalSeconds;
            }
            if (stored is null)
            {
                var count = await StoredEventsAsync(env, execution, ct);
                if (count >= execution.Events.Count) stored = watch.Elapsed.TotalSeconds;
                if (watch.Elapsed > lastProgress + TimeSpan.FromSeconds(15))
                {
                    lastProgress = watch.Elapsed;
                    Console.WriteLine($"  {execution.StageCount} stages, {watch.Elapsed.TotalSeconds:N0} s: {count}/{execution.Events.Count} events stored");
                }
            }
            if (complete is null || stored is null) await Task.Delay(Poll, ct);
        }
        var cpuAfter = env.ServiceCpuSeconds();
        // Statistics views lag by up to PGSTAT's flush interval: give them a moment before reading row counts.
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var databaseAfter = await CountersAsync(env, ct);
        var wal = await WalBytesAsync(env, databaseBefore.WalLsn, databaseAfter.WalLsn, ct);

        await using var command = env.Database.CreateCommand("""
            SELECT octet_length(state::text), pg_column_size(state),
                   (SELECT count(*) FROM execution_tree.stages s WHERE s.tenant = e.tenant AND s.execution_id = e.execution_id)
            FROM execution_tree.executions e WHERE tenant = $1 AND execution_id = $2
            """);
        command.Parameters.Add(new() { Value = execution.Tenant });
        command.Parameters.Add(new() { Value = execution.ExecutionId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new Ingest(execution.Events.Count, published, complete.Value, stored.Value, cpuAfter - cpuBefore, MachineLoad.Since(machine),
            reader.GetInt32(0), reader.GetInt32(1), reader.GetInt64(2),
            databaseAfter.BackendCpuSeconds - databaseBefore.BackendCpuSeconds, wal,
            databaseAfter.StageRowsWritten - databaseBefore.StageRowsWritten, databaseAfter.ReadModelBytes - databaseBefore.ReadModelBytes);
    }

    public static Task<Latencies> GetTreeAsync(ServeEnvironment env, SyntheticExecution execution, int gets, CancellationToken ct) =>
        Latencies.MeasureAsync(env.Http, $"api/executions/{execution.ExecutionId}", execution.Tenant, warmups: 10, gets, TimeSpan.FromMinutes(3), ct);

    private static async Task<(string? Status, int Stages)> ReadTreeAsync(ServeEnvironment env, SyntheticExecution execution, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/executions/{execution.ExecutionId}");
        request.Headers.Add("X-Mesh-Tenant", execution.Tenant);
        using var response = await env.Http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode) return (null, 0);
        using var tree = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        return (tree.RootElement.GetProperty("status").GetString(), CountStages(tree.RootElement.GetProperty("stages")));
    }

    private static int CountStages(JsonElement stages) =>
        stages.EnumerateArray().Sum(stage => 1 + CountStages(stage.GetProperty("children")));

    private static async Task<long> StoredEventsAsync(ServeEnvironment env, SyntheticExecution execution, CancellationToken ct)
    {
        await using var command = env.Database.CreateCommand("SELECT coalesce(max(version), 0) FROM execution_tree.mt_streams WHERE tenant_id = $1 AND id = $2");
        command.Parameters.Add(new() { Value = execution.Tenant });
        command.Parameters.Add(new() { Value = execution.ExecutionId });
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(30));
}
