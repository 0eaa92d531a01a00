using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Spinnaker.Mesh.Benchmarks.Serve;
using Spinnaker.Mesh.Dora.Domain.Classification;
using Spinnaker.Mesh.Dora.Store;
using Spinnaker.Mesh.Testing;
using static Spinnaker.Mesh.Benchmarks.Serve.Latencies;

namespace Spinnaker.Mesh.Benchmarks.Dora;

/// <summary>
/// <c>dora</c>: <c>GET /api/dora</c> for one application over 12 weeks while the classified read model holds 10,000,
/// 100,000 and 1,000,000 deployment rows overall. The measured application keeps the same two years of history at every
/// size (6 rows a day, a change failure in ten, a rollback in twenty): only the other applications grow, so a flat
/// latency shows the window's read does not depend on what else is stored. Rows are loaded by binary COPY in the
/// shape the service writes them. Figures go to docs/dora-performance.md.
/// </summary>
internal static class DoraBenchmark
{
    public const string Usage = "dora [--calls 30]";
    private const string Tenant = "bench";
    private const string Measured = "checkout";
    private const int PerDay = 6;
    private const int HistoryDays = 730;
    private static readonly int[] Sizes = [10_000, 100_000, 1_000_000];

    public static async Task<int> RunAsync(string[] args)
    {
        var calls = args.Length > 1 && args[0] == "--calls" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var report = new ServeReport();
        IsolatedService? service = null;
        NpgsqlDataSource? database = null;
        try
        {
            report.Line($"# DORA read-model run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            report.Line();
            report.Line(MachineLoad.Describe());
            service = await IsolatedService.StartAsync("dora", new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
            // Loading and vacuuming a million rows takes longer than a query may by default.
            database = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(service.Postgres.ConnectionString) { CommandTimeout = 600 }.ConnectionString);
            report.Line();

            var end = new DateTimeOffset(2026, 5, 25, 0, 0, 0, TimeSpan.Zero); // a Monday
            var start = end.AddDays(-HistoryDays);
            var from = end.AddDays(-7 * 12);
            var path = $"api/dora?application={Measured}&from={from:yyyy-MM-dd'T'HH:mm:ss'Z'}&to={end:yyyy-MM-dd'T'HH:mm:ss'Z'}";
            using var http = new HttpClient { BaseAddress = service.Process.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

            var loaded = 0L;
            var measuredRows = await CopyAsync(database, Rows(Measured, start, HistoryDays, PerDay));
            loaded += measuredRows;
            await CoverAsync(database, Measured, start);
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"`{Measured}`: {measuredRows:N0} rows over {HistoryDays} days ({PerDay} a day); the window (12 weeks) holds {7 * 12 * PerDay:N0}. " +
                $"`{path}`, tenant header set: 2 untimed calls, then {calls} sequential ones; body read to the end."));
            report.Line();
            report.Line("| deployment rows stored | other applications | load (COPY) s | p50 ms | p95 ms | max ms | body | deployments in window |");
            report.Line("|---|---|---|---|---|---|---|---|");
            var others = 0;
            foreach (var size in Sizes)
            {
                var watch = Stopwatch.StartNew();
                while (loaded < size)
                {
                    var application = $"app-{others++:D5}";
                    loaded += await CopyAsync(database, Rows(application, start, HistoryDays, (int)Math.Min(PerDay, Math.Ceiling((size - loaded) / (double)HistoryDays))));
                }
                await ExecuteAsync(database, "VACUUM (ANALYZE) dora.deployments, dora.findings, dora.applications");
                var copied = watch.Elapsed;
                var machine = MachineLoad.Sample();
                var measured = await MeasureAsync(http, path, Tenant, warmups: 2, calls, TimeSpan.FromSeconds(60), CancellationToken.None);
                var deployments = await DeploymentsAsync(http, path);
                var stored = await ScalarAsync<long>(database, "SELECT count(*) FROM dora.deployments");
                report.Line(string.Create(CultureInfo.InvariantCulture,
                    $"| {stored:N0} | {others:N0} | {copied.TotalSeconds:N1} | {Ms(measured.Percentile(50))} " +
                    $"| {Ms(measured.Percentile(95))} | {Ms(measured.Max)} | {Size(measured.MedianBytes)} | {deployments} |" +
                    $"{(measured.Failures > 0 ? $" {measured.Failures} failures: {measured.LastFailure}" : "")}"));
                report.Line($"  machine during the calls: {MachineLoad.Since(machine)}");
            }
            report.Line();
            var heap = await ScalarAsync<long>(database, "SELECT pg_table_size('dora.deployments')");
            var indexes = await ScalarAsync<long>(database, "SELECT pg_indexes_size('dora.deployments')");
            report.Line($"Table `dora.deployments`: {Size(heap)}, indexes {Size(indexes)}.");
            return 0;
        }
        catch (Exception e)
        {
            report.Line($"FAILED: {e.GetType().Name}: {e.Message}");
            await Console.Error.WriteLineAsync(e.ToString());
            return 1;
        }
        finally
        {
            if (database is not null) await database.DisposeAsync();
            if (service is not null) await service.DisposeAsync();
            report.Line($"report: {report.Save(Path.Combine(Entry.ArtifactsPath, "dora"))}");
        }
    }

    /// <summary>
    /// An application's rows as the classifier writes them: successful deployments with a two-commit change set, every
    /// tenth a change failure recovered after 40 minutes (S4), every twentieth a rollback of the one before.
    /// </summary>
    private static IEnumerable<ClassifiedDeployment> Rows(string application, DateTimeOffset start, int days, int perDay)
    {
        var random = new Random(application.GetHashCode(StringComparison.Ordinal));
        var n = 0;
        for (var day = 0; day < days; day++)
        for (var i = 0; i < perDay; i++, n++)
        {
            var time = start.AddDays(day).AddHours(8 + i * 10.0 / perDay).AddMinutes(random.Next(30));
            var id = $"{application}-{n:D6}";
            var sha = $"{n:x7}";
            if (n % 20 == 19)
            {
                yield return new ClassifiedDeployment(id, application, "production", DeploymentClasses.RollbackRemediation, time, time, null, null,
                    [], 0, null, false, [], null, null, $"{application}-{n - 1:D6}", RemediationKinds.RollbackStage, null, null, []);
                continue;
            }
            var failed = n % 10 == 9;
            yield return new ClassifiedDeployment(id, application, "production", DeploymentClasses.SuccessfulProductionDeployment, time, time, sha, sha,
                [new ChangeLeadTime(sha + "a", time.AddHours(-3 - random.Next(20)), 0), new ChangeLeadTime(sha, time.AddHours(-1), 3600)],
                0, null, failed,
                failed ? [new FailureSignal(FailureSignals.HeuristicIncident, new FailureEvidence("incident started 10 min after", IncidentId: $"INC-{n}", AttributionWindowHours: 24, SecondsAfterDeployment: 600))] : [],
                failed ? new Recovery(time.AddMinutes(40), 2400, RecoveryBases.Incident, $"INC-{n}") : null,
                null, null, null, null, null, []);
        }
    }

    private static async Task<long> CopyAsync(NpgsqlDataSource database, IEnumerable<ClassifiedDeployment> rows)
    {
        long count = 0;
        await using var connection = await database.OpenConnectionAsync();
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY dora.deployments (tenant, application, row_key, environment, execution_id, time, deployment_time, classification, " +
            "change_failure, open_failure, signals, content_hash, row) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            var write = ReadModelRows.ToWrite(row);
            await copy.StartRowAsync();
            await copy.WriteAsync(Tenant, NpgsqlDbType.Text);
            await copy.WriteAsync(row.Application, NpgsqlDbType.Text);
            await copy.WriteAsync(write.Key, NpgsqlDbType.Text);
            await copy.WriteAsync(row.Environment ?? "", NpgsqlDbType.Text);
            await copy.WriteAsync(row.ExecutionId, NpgsqlDbType.Text);
            await copy.WriteAsync(row.Time.UtcDateTime, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(row.DeploymentTime!.Value.UtcDateTime, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(row.Classification, NpgsqlDbType.Text);
            await copy.WriteAsync(row.ChangeFailure, NpgsqlDbType.Boolean);
            await copy.WriteAsync(row.IsOpenFailure, NpgsqlDbType.Boolean);
            await copy.WriteAsync(ReadModelRows.Signals(row), NpgsqlDbType.Text);
            await copy.WriteAsync(write.Hash, NpgsqlDbType.Text);
            await copy.WriteAsync(write.RowJson, NpgsqlDbType.Jsonb);
            count++;
        }
        await copy.CompleteAsync();
        return count;
    }

    private static async Task CoverAsync(NpgsqlDataSource database, string application, DateTimeOffset coveredFrom)
    {
        await using var command = database.CreateCommand("INSERT INTO dora.applications (tenant, application, covered_from, classified_at) VALUES ($1, $2, $3, now())");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Tenant });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = application });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = coveredFrom.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<int> DeploymentsAsync(HttpClient http, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Mesh-Tenant", Tenant);
        using var response = await http.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("deploymentFrequency").GetProperty("deployments").GetInt32();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
