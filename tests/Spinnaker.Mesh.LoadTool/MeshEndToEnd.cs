using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Npgsql;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.LoadTool;

/// <summary>
/// Mesh as it runs: ingest and the gateway as their own processes (Release build) on a fresh virtual host and database,
/// webhooks POSTed over HTTP by C concurrent connections. Accepted/s = 202s / (first POST .. last 202); latency of the
/// 202s; stored/s = webhooks / (first POST .. <c>count(*)</c> of <c>ingest.receipts</c> reached all of them).
/// </summary>
internal static class MeshEndToEnd
{
    public const string Token = "mesh-local-dev-token";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public sealed record Result(
        int Messages, int Accepted, double AcceptedPerSecond, double StoredPerSecond,
        TimeSpan P50, TimeSpan P95, TimeSpan P99, TimeSpan Max,
        IReadOnlyDictionary<string, int> Failures, IReadOnlyList<string> FailureSamples, CpuSampler.Usage Cpu)
    {
        public bool Failed => Failures.Count > 0;
    }

    public static async Task<Result> RunAsync(IReadOnlyList<byte[]> warmup, IReadOnlyList<byte[]> bodies, int connections,
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
        // Ingest first: it declares the queue the gateway's exchange feeds, so the first webhook is routable.
        var ingest = await MeshProcess.StartAsync("services/Spinnaker.Mesh.Ingest", infrastructure);
        cleanup.Add("the ingest process", ingest.DisposeAsync);
        var gateway = await MeshProcess.StartAsync("gateway/Spinnaker.Mesh.Gateway", new Dictionary<string, string>(infrastructure)
        {
            ["ReverseProxy__Clusters__ingest__Destinations__ingest__Address"] = ingest.BaseAddress.ToString(),
            ["Mesh__Webhooks__Tokens__0__Token"] = Token,
            ["Mesh__Webhooks__Tokens__0__Tenant"] = "default",
        });
        cleanup.Add("the gateway process", gateway.DisposeAsync);

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
            await WaitForReceiptsAsync(db, warmup.Count, storeTimeout, "the warm-up", ct);

            var cpuBefore = CpuSampler.Take(postgres.DatabaseName);
            var started = Stopwatch.GetTimestamp();
            var posted = await PostAllAsync(http, bodies, connections, ct);
            if (posted.Failures.Count > 0) return Failed(bodies.Count, posted);
            var storedAt = await WaitForReceiptsAsync(db, warmup.Count + bodies.Count, storeTimeout, "every webhook", ct);
            var cpu = CpuSampler.Between(cpuBefore, CpuSampler.Take(postgres.DatabaseName));

            var latencies = posted.Latencies.Order().ToArray();
            return new Result(bodies.Count, latencies.Length,
                latencies.Length / Stopwatch.GetElapsedTime(started, posted.LastAccepted).TotalSeconds,
                bodies.Count / Stopwatch.GetElapsedTime(started, storedAt).TotalSeconds,
                Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99), latencies[^1],
                posted.Failures, posted.Samples, cpu);
        }
        catch
        {
            Console.Error.WriteLine($"--- ingest output (last lines) ---\n{Tail(ingest.Output)}\n--- gateway output (last lines) ---\n{Tail(gateway.Output)}");
            throw;
        }
    }

    private sealed record Posted(ConcurrentBag<TimeSpan> Latencies, long LastAccepted, Dictionary<string, int> Failures, List<string> Samples);

    private static Result Failed(int messages, Posted posted) =>
        new(messages, posted.Latencies.Count, 0, 0, default, default, default, default, posted.Failures, posted.Samples,
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

    /// <summary>Polls <c>count(*)</c> of <c>ingest.receipts</c> every 100 ms until it reaches <paramref name="count"/>; returns when it did.</summary>
    private static async Task<long> WaitForReceiptsAsync(NpgsqlDataSource db, int count, TimeSpan timeout, string what, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        long seen;
        while (true)
        {
            await using (var command = db.CreateCommand("SELECT count(*) FROM ingest.receipts"))
                seen = (long)(await command.ExecuteScalarAsync(ct))!;
            var now = Stopwatch.GetTimestamp();
            if (seen >= count) return now;
            if (now > deadline) break;
            await Task.Delay(PollInterval, ct);
        }
        throw new TimeoutException($"ingest stored {seen} of {count} receipts ({what}) within {timeout.TotalSeconds:F0} s");
    }

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
