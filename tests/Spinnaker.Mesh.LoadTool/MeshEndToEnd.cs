using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Npgsql;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.LoadTool;

/// <summary>
/// Mesh as a deployment runs it: ingest, execution-tree and the gateway as their own processes (Release build of one
/// checkout) on a fresh virtual host and database, webhooks POSTed over HTTP by C concurrent connections.
/// Accepted/s = 202s / (first POST .. last 202); latency of the 202s; stored/s = webhooks / (first POST .. every
/// webhook visible in both ingest and the execution tree, see <see cref="StoredCounts"/>).
/// </summary>
internal static class MeshEndToEnd
{
    public const string Token = "mesh-local-dev-token";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public sealed record Result(
        int Messages, int Accepted, double AcceptedPerSecond, double StoredPerSecond, double IngestStoredPerSecond,
        TimeSpan P50, TimeSpan P95, TimeSpan P99, TimeSpan Max,
        IReadOnlyDictionary<string, int> Failures, IReadOnlyList<string> FailureSamples, CpuSampler.Usage Cpu)
    {
        public bool Failed => Failures.Count > 0;
    }

    public static async Task<Result> RunAsync(MeshBuild build, IReadOnlyList<byte[]> warmup, IReadOnlyList<byte[]> bodies, int connections,
        IReadOnlyDictionary<string, string> serviceEnvironment, TimeSpan storeTimeout, Cleanup cleanup, CancellationToken ct)
    {
        var rabbit = await TestRabbitMq.CreateAsync(ct);
        cleanup.Add($"virtual host {rabbit.VirtualHost}", rabbit.DisposeAsync);
        var postgres = await TestPostgres.CreateAsync(ct);
        cleanup.Add($"database {postgres.DatabaseName}", postgres.DisposeAsync);

        var infrastructure = new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = postgres.ConnectionString,
            ["ConnectionStrings__rabbitmq"] = rabbit.ConnectionString,
        };
        foreach (var (key, value) in serviceEnvironment) infrastructure[key] = value;
        var processes = new List<MeshProcess>();
        async Task<MeshProcess> StartAsync(string project, string what, IDictionary<string, string> environment)
        {
            var process = await MeshProcess.StartAsync(project, environment, repositoryRoot: build.RepositoryRoot);
            cleanup.Add($"the {what} process ({build.Label})", process.DisposeAsync);
            processes.Add(process);
            return process;
        }
        // Ingest first: it declares the queue the gateway's exchange feeds, so the first webhook is routable. Then the
        // execution tree, whose queue must be bound before ingest publishes the first normalized event.
        var ingest = await StartAsync("services/Spinnaker.Mesh.Ingest", "ingest", infrastructure);
        await StartAsync("services/Spinnaker.Mesh.ExecutionTree", "execution-tree", infrastructure);
        // The webhook endpoint is the gateway's own (it publishes; nothing is proxied), so no route matters here. The
        // ingest destination is set as before; a build whose routes come from the service catalog ignores or accepts it.
        var gateway = await StartAsync("gateway/Spinnaker.Mesh.Gateway", "gateway", new Dictionary<string, string>(infrastructure)
        {
            // The first key is read by builds whose routes come from the ReverseProxy section, the second by builds
            // whose routes come from services.catalog: the tool measures both side by side.
            ["ReverseProxy__Clusters__ingest__Destinations__ingest__Address"] = ingest.BaseAddress.ToString(),
            ["Mesh__Services__ingest__Address"] = ingest.BaseAddress.ToString(),
            ["Mesh__Webhooks__Tokens__0__Token"] = Token,
            ["Mesh__Webhooks__Tokens__0__Tenant"] = "default",
        });

        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            UseProxy = false,
        })
        {
            BaseAddress = gateway.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        await using var db = postgres.CreateDataSource();

        try
        {
            var warm = await PostAllAsync(http, warmup, connections, ct);
            if (warm.Failures.Count > 0) return Failed(bodies.Count, warm);
            await WaitForStoredAsync(db, warmup.Count, storeTimeout, "the warm-up", ct);

            var cpuBefore = CpuSampler.Take(postgres.DatabaseName);
            var started = Stopwatch.GetTimestamp();
            var posted = await PostAllAsync(http, bodies, connections, ct);
            if (posted.Failures.Count > 0) return Failed(bodies.Count, posted);
            var stored = await WaitForStoredAsync(db, warmup.Count + bodies.Count, storeTimeout, "every webhook", ct);
            var cpu = CpuSampler.Between(cpuBefore, CpuSampler.Take(postgres.DatabaseName));

            var latencies = posted.Latencies.Order().ToArray();
            return new Result(bodies.Count, latencies.Length,
                latencies.Length / Stopwatch.GetElapsedTime(started, posted.LastAccepted).TotalSeconds,
                bodies.Count / Stopwatch.GetElapsedTime(started, stored.Everywhere).TotalSeconds,
                bodies.Count / Stopwatch.GetElapsedTime(started, stored.Ingest).TotalSeconds,
                Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99), latencies[^1],
                posted.Failures, posted.Samples, cpu);
        }
        catch
        {
            foreach (var process in processes)
                Console.Error.WriteLine($"--- {process.Name} output ({build.Label}, last lines) ---\n{Tail(process.Output)}");
            throw;
        }
    }

    private sealed record Posted(ConcurrentBag<TimeSpan> Latencies, long LastAccepted, Dictionary<string, int> Failures, List<string> Samples);

    private static Result Failed(int messages, Posted posted) =>
        new(messages, posted.Latencies.Count, 0, 0, 0, default, default, default, default, posted.Failures, posted.Samples,
            new CpuSampler.Usage(new Dictionary<string, double>(), 0, 0, 0));

    /// <summary>POSTs every body as Echo does (JSON, bearer token), <paramref name="connections"/> at a time.</summary>
    private static async Task<Posted> PostAllAsync(HttpClient http, IReadOnlyList<byte[]> bodies, int connections, CancellationToken ct)
    {
        var latencies = new ConcurrentBag<TimeSpan>();
        var failures = new Dictionary<string, int>();
        var samples = new List<string>();
        long lastAccepted = 0;
        var next = -1;

        void Fail(string kind, string detail)
        {
            lock (failures)
            {
                failures[kind] = failures.GetValueOrDefault(kind) + 1;
                if (samples.Count < 5) samples.Add($"{kind}: {(detail.Length > 300 ? detail[..300] + "…" : detail)}");
            }
        }

        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < bodies.Count; i = Interlocked.Increment(ref next))
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/echo") { Content = new ByteArrayContent(bodies[i]) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
                    var answered = Stopwatch.GetTimestamp();
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(sent, answered));
                        InterlockedMax(ref lastAccepted, answered);
                    }
                    else
                    {
                        Fail(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
                            await response.Content.ReadAsStringAsync(ct));
                    }
                }
                catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
                {
                    Fail(e.GetType().Name, e.Message);
                }
            }
        }, ct)));
        return new Posted(latencies, lastAccepted, failures, samples);
    }

    /// <summary>When the webhooks were stored: in ingest, and in both ingest and the execution tree (the later of the two).</summary>
    private readonly record struct StoredAt(long Ingest, long Everywhere);

    /// <summary>
    /// The counts that reach the number of webhooks sent only when every one is visible in both services. Each body is
    /// one <c>orca:stage:complete</c> of a new execution whose one completed stage (the deploy; the next stage has not
    /// started) is the one the webhook carried: so one receipt, one execution row and one SUCCEEDED stage row per
    /// webhook. These read-model tables keep their names and columns across builds, so both builds are polled alike.
    /// </summary>
    private static class StoredCounts
    {
        public const string Ingest = "SELECT count(*) FROM ingest.receipts";
        public const string ExecutionTree = """
            SELECT (SELECT count(*) FROM execution_tree.executions),
                   (SELECT count(*) FROM execution_tree.stages WHERE status = 'SUCCEEDED')
            """;
        public static readonly string[] IngestNames = ["receipts"];
        public static readonly string[] ExecutionTreeNames = ["executions", "completed stages"];
    }

    /// <summary>
    /// Polls every 100 ms, bounded by <paramref name="timeout"/>: first ingest's receipts (the only count worth asking
    /// while the POSTs run), then the execution tree's rows, which can only follow ingest.
    /// </summary>
    private static async Task<StoredAt> WaitForStoredAsync(NpgsqlDataSource db, int count, TimeSpan timeout, string what, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var ingest = await PollAsync(db, StoredCounts.Ingest, StoredCounts.IngestNames, count, deadline, timeout, what, ct);
        var everywhere = await PollAsync(db, StoredCounts.ExecutionTree, StoredCounts.ExecutionTreeNames, count, deadline, timeout, what, ct);
        return new StoredAt(ingest, everywhere);
    }

    /// <summary>Runs <paramref name="sql"/> (one row of counts) until every count reached <paramref name="count"/>; returns when.</summary>
    private static async Task<long> PollAsync(NpgsqlDataSource db, string sql, string[] names, int count, long deadline, TimeSpan timeout,
        string what, CancellationToken ct)
    {
        var seen = new long[names.Length];
        while (true)
        {
            await using (var command = db.CreateCommand(sql))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                await reader.ReadAsync(ct);
                for (var i = 0; i < seen.Length; i++) seen[i] = reader.GetInt64(i);
            }
            var now = Stopwatch.GetTimestamp();
            // More rows than webhooks: the count no longer means "this webhook is visible", so the figure would be wrong.
            if (seen.Any(c => c > count))
                throw new InvalidOperationException($"{Counts(names, seen)} for {count} webhooks ({what}): a count is not one per webhook");
            if (seen.All(c => c == count)) return now;
            if (now > deadline)
                throw new TimeoutException($"only {Counts(names, seen)} of {count} webhooks ({what}) were stored within {timeout.TotalSeconds:F0} s");
            await Task.Delay(PollInterval, ct);
        }
    }

    private static string Counts(string[] names, long[] counts) =>
        string.Join(", ", names.Zip(counts, (name, c) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{c:N0} {name}")));

    private static TimeSpan Percentile(TimeSpan[] sorted, double p) =>
        sorted.Length == 0 ? TimeSpan.Zero : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static void InterlockedMax(ref long target, long value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
            if (Interlocked.CompareExchange(ref target, value, current) == current) return;
    }

    private static string Tail(string text, int lines = 40) =>
        string.Join('\n', text.Split('\n').TakeLast(lines));
}
