using System.Text;
using Spinnaker.Mesh.LoadTool;

var (options, error) = LoadOptions.Parse(args);
if (options is null)
{
    if (error is not null) Console.Error.WriteLine($"error: {error}\n");
    (error is null ? Console.Out : Console.Error).WriteLine(LoadOptions.Usage);
    return error is null ? 0 : 2;
}

if (options.PrintPayloadKb is { } printKb)
{
    Console.WriteLine(Encoding.UTF8.GetString(StageCompletePayloads.ForSize(printKb * 1024).Next()));
    return 0;
}

// After every phase: a Mesh process that never became ready has no handle to dispose, so it is found by pid.
var cleanup = new Cleanup(always: OwnChildren.KillMeshProcessesAsync);
using var cancel = new CancellationTokenSource(options.Timeout);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
// The hard limit: if the run does not end after its token was cancelled, undo everything and leave anyway.
var finished = new TaskCompletionSource();
_ = Task.Run(async () =>
{
    await Task.WhenAny(finished.Task, Task.Delay(options.Timeout + TimeSpan.FromSeconds(90)));
    if (finished.Task.IsCompleted) return;
    Console.Error.WriteLine($"hard timeout ({options.Timeout.TotalMinutes:F0} min) exceeded: cleaning up and exiting");
    await cleanup.RunAsync();
    Environment.Exit(3);
});

// Each size runs raw, then every Mesh build in turn (before, then after), so each comparison is of figures minutes apart;
// --rounds repeats that for the same size before the next.
var builds = MeshBuild.From(options);
Console.WriteLine(Report.Header(options, builds));
var rows = new List<Report.Row>();
var failed = false;
try
{
    foreach (var kb in options.SizesKb)
    for (var round = 1; round <= options.Rounds; round++)
    {
        var payloads = StageCompletePayloads.ForSize(kb * 1024);
        Console.WriteLine($"## {kb} KB: {payloads.BodyBytes:N0}-byte bodies{(options.Rounds > 1 ? $", round {round} of {options.Rounds}" : "")}");

        RawBaseline.Result? raw = null;
        if (!options.SkipRaw)
        {
            var (warm, timed) = Generate(payloads, options);
            await QuietAsync("raw");
            try
            {
                raw = await RawBaseline.RunAsync(warm, timed, options.RawPublishers ?? options.Concurrency, options.StoreTimeout, cleanup, cancel.Token);
            }
            finally
            {
                await cleanup.RunAsync();
            }
            Console.WriteLine($"raw:  {raw.EventsPerSecond,8:N0} events/s stored ({raw.ConfirmedPerSecond:N0}/s confirmed)   cpu {Report.Cpu(raw.Cpu)}");
        }

        // The row is added now and filled as the builds run, so a run that stops half way still reports what it measured.
        var meshPhases = new List<Report.MeshPhase>();
        rows.Add(new Report.Row(kb, payloads.BodyBytes, options.Rounds > 1 ? round : null, raw, meshPhases));
        // Later rounds swap the builds' order, so a drift in the machine's speed does not favour the one that runs first.
        foreach (var build in round % 2 == 1 ? builds : builds.Reverse())
        {
            var (warm, timed) = Generate(payloads, options);
            await QuietAsync(build.Label);
            MeshEndToEnd.Result mesh;
            try
            {
                mesh = await MeshEndToEnd.RunAsync(build, warm, timed, options.Concurrency, options.ServiceEnvironment, options.StoreTimeout, cleanup, cancel.Token);
            }
            finally
            {
                await cleanup.RunAsync();
            }
            meshPhases.Add(new Report.MeshPhase(build.Label, mesh));
            if (mesh.Failed)
            {
                failed = true;
                Console.WriteLine($"{build.Label}: FAILED, answers other than 202: {string.Join(", ", mesh.Failures.Select(f => $"{f.Key} x{f.Value}"))}");
                foreach (var sample in mesh.FailureSamples) Console.WriteLine($"  {sample}");
            }
            else
            {
                Console.WriteLine($"{build.Label}: {mesh.AcceptedPerSecond,8:N0} accepted/s, {mesh.StoredPerSecond:N0} stored/s (in ingest alone {mesh.IngestStoredPerSecond:N0}/s), " +
                    $"p50/p95/p99 {Report.Ms(mesh.P50)}/{Report.Ms(mesh.P95)}/{Report.Ms(mesh.P99)} ms   cpu {Report.Cpu(mesh.Cpu)}");
            }
        }
        Console.WriteLine();
    }
}
catch (Exception e) when (e is OperationCanceledException or TimeoutException or InvalidOperationException or FileNotFoundException
                             or Npgsql.NpgsqlException or RabbitMQ.Client.Exceptions.RabbitMQClientException or HttpRequestException)
{
    failed = true;
    Console.Error.WriteLine(cancel.IsCancellationRequested
        ? $"run stopped: the {options.Timeout.TotalMinutes:F0}-minute limit was reached or it was interrupted ({e.Message})"
        : $"run failed: {e}");
}
finally
{
    await cleanup.RunAsync();
    finished.TrySetResult();
}

Console.WriteLine(Report.Table(rows));
Console.WriteLine(Report.Comparison(rows));
Console.WriteLine(Report.CpuTable(rows));
Console.WriteLine(failed ? "RESULT: FAILED (see above)" : "RESULT: every webhook answered 202 and was stored in ingest and the execution tree");
return failed ? 1 : 0;

async Task QuietAsync(string phase)
{
    if (options.QuietWait <= TimeSpan.Zero) return;
    var busy = await CpuSampler.WaitForQuietAsync(options.QuietWait, 0.3, cancel.Token);
    Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{phase}: machine {busy:F2} cores busy before the phase"));
}

static (List<byte[]> Warmup, List<byte[]> Timed) Generate(StageCompletePayloads payloads, LoadOptions options)
{
    List<byte[]> warmup = [.. Enumerable.Range(0, options.Warmup).Select(_ => payloads.Next())];
    List<byte[]> timed = [.. Enumerable.Range(0, options.Messages).Select(_ => payloads.Next())];
    // The previous phase's bodies (up to 300 MB at 30 KB) are garbage now: collect them here rather than let the tool
    // do it on the cores the next phase measures.
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    return (warmup, timed);
}
