using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NpgsqlTypes;
using Spinnaker.Mesh.Benchmarks.Serve;
using Spinnaker.Mesh.CanaryScore;
using Spinnaker.Mesh.CanaryScore.Series;
using Spinnaker.Mesh.Testing;
using static Spinnaker.Mesh.Benchmarks.Serve.Latencies;

namespace Spinnaker.Mesh.Benchmarks.Series;

/// <summary>
/// <c>series</c>: the canary-score service's Prometheus API over a year of canary scores for 1,000 services
/// (4 judgments a day each, ≈1.46 M samples, binary COPY), queried over HTTP as Grafana and Kayenta query it; plus
/// the write path (<see cref="SeriesWriter"/> in Marten sessions). Figures go to docs/canary-series-performance.md.
/// </summary>
internal static class SeriesBenchmark
{
    public const string Usage = "series [--services 1000] [--days 365] [--per-day 4] [--calls 20]";
    private const string Tenant = "bench";
    private static readonly string[] Regions = ["us-east-1", "us-west-2", "eu-west-1"];

    public static async Task<int> RunAsync(string[] args)
    {
        var services = Option(args, "--services", 1000);
        var days = Option(args, "--days", 365);
        var perDay = Option(args, "--per-day", 4);
        var calls = Option(args, "--calls", 20);
        var report = new ServeReport();
        IsolatedService? service = null;
        NpgsqlDataSource? database = null;
        try
        {
            report.Line($"# canary-score series run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            report.Line();
            report.Line(MachineLoad.Describe());
            service = await IsolatedService.StartAsync("canary-score");
            // Loading and vacuuming a million rows takes longer than a query may by default.
            database = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(service.Postgres.ConnectionString) { CommandTimeout = 600 }.ConnectionString);
            report.Line($"PostgreSQL: {await ScalarAsync<string>(database, "SELECT version()")}");
            report.Line();

            var end = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 3600 * 3600);
            var start = end.AddDays(-days);
            var seed = Stopwatch.StartNew();
            var samples = await SeedAsync(database, services, start, days, perDay);
            var seeded = seed.Elapsed;
            var analyze = Stopwatch.StartNew();
            await ExecuteAsync(database, "VACUUM (ANALYZE) canary_score.series, canary_score.series_samples");
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"Seeded {services:N0} series of `mesh_canary_score` ({services / 5} applications × 5 services), {perDay} judgments a day for {days} days: " +
                $"{samples:N0} samples by binary COPY in {seeded.TotalSeconds:N1} s; VACUUM (ANALYZE) {analyze.Elapsed.TotalSeconds:N1} s."));
            report.Line();
            report.Line("| table | rows | table | indexes |");
            report.Line("|---|---|---|---|");
            foreach (var table in new[] { "series", "series_samples" })
            {
                var rows = await ScalarAsync<long>(database, $"SELECT count(*) FROM canary_score.{table}");
                var heap = await ScalarAsync<long>(database, $"SELECT pg_table_size('canary_score.{table}')");
                var indexes = await ScalarAsync<long>(database, $"SELECT pg_indexes_size('canary_score.{table}')");
                report.Line($"| `canary_score.{table}` | {rows:N0} | {Size(heap)} | {Size(indexes)} |");
            }
            report.Line();

            using var http = new HttpClient { BaseAddress = service.Process.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
            var year = (From: start.ToUnixTimeSeconds(), To: end.ToUnixTimeSeconds());
            var lastHour = (From: end.AddHours(-1).ToUnixTimeSeconds(), To: end.ToUnixTimeSeconds());
            var cases = new (string Name, string Query, (long From, long To) Range, string Step, string? Lookback)[]
            {
                ("one service, a year, step 1h", "mesh_canary_score{application=\"app-042\",service=\"app-042-svc-3\"}", year, "1h", null),
                ("one service, a year, step 1h, lookback_delta 6h", "mesh_canary_score{application=\"app-042\",service=\"app-042-svc-3\"}", year, "1h", "6h"),
                ("avg by application, a year, step 1d", "avg(mesh_canary_score) by (application)", year, "1d", null),
                ("avg by application, a year, step 1d, lookback_delta 1d", "avg(mesh_canary_score) by (application)", year, "1d", "1d"),
                ("Kayenta-style, one hour, step 60s", "avg(mesh_canary_score{application=app-042,region=~\"us-.*\"}) by (service)", lastHour, "60", null),
                ("Kayenta-style, one hour, step 60s, lookback_delta 6h",
                    "avg(mesh_canary_score{application=app-042,region=~\"us-.*\"}) by (service)", lastHour, "60", "6h"),
                ("all 1,000 series, a year, step 1d, lookback_delta 1d", "mesh_canary_score", year, "1d", "1d"),
            };
            report.Line($"`GET /api/prometheus/api/v1/query_range`, tenant header set: 2 untimed calls, then {calls} sequential ones; body read to the end.");
            report.Line();
            report.Line("| query | PromQL | steps | series returned | points returned | n | p50 ms | p95 ms | max ms | body |");
            report.Line("|---|---|---|---|---|---|---|---|---|---|");
            var machine = MachineLoad.Sample();
            foreach (var c in cases)
            {
                var path = $"api/prometheus/api/v1/query_range?query={Uri.EscapeDataString(c.Query)}&start={c.Range.From}&end={c.Range.To}&step={c.Step}" +
                    (c.Lookback is null ? "" : $"&lookback_delta={c.Lookback}");
                var measured = await MeasureAsync(http, path, Tenant, warmups: 2, calls, TimeSpan.FromSeconds(60), CancellationToken.None);
                var (seriesCount, points) = await CountResultAsync(http, path);
                var steps = (c.Range.To - c.Range.From) / StepSeconds(c.Step) + 1;
                report.Line($"| {c.Name} | `{c.Query.Replace("|", "\\|")}` | {steps:N0} | {seriesCount:N0} | {points:N0} | {measured.Count} | {Ms(measured.Percentile(50))} " +
                    $"| {Ms(measured.Percentile(95))} | {Ms(measured.Max)} | {Size(measured.MedianBytes)}" +
                    $"{(measured.Failures > 0 ? $" ({measured.Failures} failures: {measured.LastFailure})" : "")} |");
            }
            report.Line();
            report.Line($"machine during the queries: {MachineLoad.Since(machine)}");
            report.Line();

            var plan = await ExplainAsync(database, year.From * 1000, year.To * 1000, 86_400_000, 86_400_000);
            report.Line("Plan of the per-step read behind `avg(mesh_canary_score) by (application)` over the year at step 1d (lookback 1d), EXPLAIN (ANALYZE, BUFFERS):");
            report.Line();
            report.Line("```");
            foreach (var line in plan) report.Line(line);
            report.Line("```");
            report.Line();

            await WritesAsync(database, report);
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
            report.Line($"report: {report.Save(Path.Combine(Entry.ArtifactsPath, "series"))}");
        }
    }

    private static long StepSeconds(string step) => step switch { "1h" => 3600, "1d" => 86_400, _ => long.Parse(step, CultureInfo.InvariantCulture) };

    /// <summary>Every series gets <paramref name="perDay"/> judgments a day, each at a random time within its quarter of the day.</summary>
    private static async Task<long> SeedAsync(NpgsqlDataSource database, int services, DateTimeOffset start, int days, int perDay)
    {
        var random = new Random(42);
        var series = Enumerable.Range(0, services).Select(i =>
        {
            var application = $"app-{i / 5:D3}";
            var region = Regions[i % Regions.Length];
            var labels = SeriesKey.Canonical(new Dictionary<string, string>
            {
                ["application"] = application, ["service"] = $"{application}-svc-{i % 5}", ["config"] = $"canary-config-{i % 3}",
                ["account"] = $"prod-{region}", ["region"] = region, ["environment"] = "production",
            });
            return (Id: SeriesKey.SeriesId(Tenant, "mesh_canary_score", labels), Labels: labels);
        }).ToList();
        await using (var connection = await database.OpenConnectionAsync())
        await using (var rows = await connection.BeginBinaryImportAsync("COPY canary_score.series (series_id, tenant, metric, labels) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (id, labels) in series)
            {
                await rows.StartRowAsync();
                await rows.WriteAsync(id, NpgsqlDbType.Uuid);
                await rows.WriteAsync(Tenant, NpgsqlDbType.Text);
                await rows.WriteAsync("mesh_canary_score", NpgsqlDbType.Text);
                await rows.WriteAsync(SeriesKey.LabelsJson(labels), NpgsqlDbType.Jsonb);
            }
            await rows.CompleteAsync();
        }
        long count = 0;
        var slot = 86_400_000L / perDay;
        await using (var connection = await database.OpenConnectionAsync())
        await using (var rows = await connection.BeginBinaryImportAsync("COPY canary_score.series_samples (series_id, sample_key, at_ms, value) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (id, _) in series)
            {
                for (var day = 0; day < days; day++)
                for (var judgment = 0; judgment < perDay; judgment++)
                {
                    var at = start.ToUnixTimeMilliseconds() + day * 86_400_000L + judgment * slot + (long)(random.NextDouble() * slot);
                    await rows.StartRowAsync();
                    await rows.WriteAsync(id, NpgsqlDbType.Uuid);
                    await rows.WriteAsync(SeriesKey.SampleKey(Tenant, "mesh_canary_score", $"judgment:{id}:{day}:{judgment}"), NpgsqlDbType.Uuid);
                    await rows.WriteAsync(at, NpgsqlDbType.Bigint);
                    await rows.WriteAsync(Math.Round(50 + random.NextDouble() * 50, 2), NpgsqlDbType.Double);
                    count++;
                }
            }
            await rows.CompleteAsync();
        }
        return count;
    }

    /// <summary>The write path: judgments queued with <see cref="SeriesWriter"/> and committed in Marten sessions of 100, then the same again (redelivery).</summary>
    private static async Task WritesAsync(NpgsqlDataSource database, ServeReport report)
    {
        using var store = DocumentStore.For(options =>
        {
            options.Connection(database);
            MeshEventStore.ConfigureConventions(options, CanaryScoreModule.Schema);
            SeriesModule.ConfigureStore(options);
        });
        const int batches = 100, perBatch = 100;
        var now = DateTimeOffset.UtcNow;
        List<SeriesSample> Batch(int b) => [.. Enumerable.Range(0, perBatch).Select(i => new SeriesSample("mesh_canary_score",
            new Dictionary<string, string> { ["application"] = $"write-{i % 50:D2}", ["service"] = $"svc-{i % 7}" },
            now.AddSeconds(b * perBatch + i), 75, $"write:{b}:{i}"))];
        foreach (var label in new[] { "new samples", "the same again (redelivered: nothing written)" })
        {
            var watch = Stopwatch.StartNew();
            for (var b = 0; b < batches; b++)
            {
                await using var session = store.LightweightSession();
                session.QueueSamples("writes", Batch(b));
                await session.SaveChangesAsync();
            }
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"- SeriesWriter, {label}: {batches} sessions × {perBatch} samples in {watch.Elapsed.TotalSeconds:N2} s " +
                $"({batches * perBatch / watch.Elapsed.TotalSeconds:N0} samples/s, {watch.Elapsed.TotalMilliseconds / batches:N1} ms per commit)"));
        }
        report.Line();
    }

    private static async Task<(int Series, int Points)> CountResultAsync(HttpClient http, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Mesh-Tenant", Tenant);
        using var response = await http.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        if (!json.RootElement.TryGetProperty("data", out var data)) return (0, 0);
        var result = data.GetProperty("result");
        return (result.GetArrayLength(), result.EnumerateArray().Sum(s => s.GetProperty("values").GetArrayLength()));
    }

    private static async Task<List<string>> ExplainAsync(NpgsqlDataSource database, long startMs, long endMs, long stepMs, long lookbackMs)
    {
        var ids = new List<Guid>();
        await using (var select = database.CreateCommand("SELECT series_id FROM canary_score.series WHERE tenant = 'bench' AND metric = 'mesh_canary_score'"))
        await using (var reader = await select.ExecuteReaderAsync())
            while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        var range = new StepRange(startMs, endMs, stepMs);
        await using var command = database.CreateCommand("EXPLAIN (ANALYZE, BUFFERS) " + SeriesReader.LatestPerStepSql);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. ids] });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = startMs });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = range.Count - 1 });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = stepMs });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = lookbackMs });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = startMs - lookbackMs });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = range.LastMs });
        var lines = new List<string>();
        await using var plan = await command.ExecuteReaderAsync();
        while (await plan.ReadAsync()) lines.Add(plan.GetString(0));
        return lines;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
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
