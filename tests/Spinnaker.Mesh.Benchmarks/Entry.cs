using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Spinnaker.Mesh.Benchmarks.Judge;
using Spinnaker.Mesh.Benchmarks.Serve;
using Spinnaker.Mesh.Benchmarks.Tree;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Benchmarks;

/// <summary>
/// <c>tree</c>: BenchmarkDotNet micro-benchmarks of the execution-tree domain (extra arguments go to BenchmarkDotNet,
/// e.g. <c>--filter *BuildTree*</c>). <c>judge</c>: the canary judge (same arguments). <c>serve</c>: the service end to end on PostgreSQL and RabbitMQ (see
/// <see cref="ServeOptions.Usage"/>). <c>series</c>: the canary-score Prometheus API over a year of canary scores
/// (<see cref="Series.SeriesBenchmark"/>). <c>dora</c>: <c>GET /api/dora</c> over growing read models (<see cref="Dora.DoraBenchmark"/>). All print Markdown; results are also written under
/// <c>tests/Spinnaker.Mesh.Benchmarks/artifacts/</c> (ignored by git).
/// </summary>
public static class Entry
{
    public const string Usage = """
        usage: dotnet run -c Release --project tests/Spinnaker.Mesh.Benchmarks -- tree [BenchmarkDotNet arguments]
               dotnet run -c Release --project tests/Spinnaker.Mesh.Benchmarks -- judge [BenchmarkDotNet arguments]
               dotnet run -c Release --project tests/Spinnaker.Mesh.Benchmarks -- serve [options]
               dotnet run -c Release --project tests/Spinnaker.Mesh.Benchmarks -- series [--services 1000] [--days 365] [--per-day 4] [--calls 20]
               dotnet run -c Release --project tests/Spinnaker.Mesh.Benchmarks -- dora [--calls 30]
        """;

    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "tree":
                return RunTree(args[1..]);
            case "judge":
                return RunJudge(args[1..]);
            case "serve":
                var (options, error) = ServeOptions.Parse(args[1..]);
                if (options is null)
                {
                    if (error is not null) await Console.Error.WriteLineAsync($"error: {error}\n");
                    await (error is null ? Console.Out : Console.Error).WriteLineAsync(ServeOptions.Usage);
                    return error is null ? 0 : 2;
                }
                return await ServeRun.RunAsync(options);
            case "series":
                return await Series.SeriesBenchmark.RunAsync(args[1..]);
            case "dora":
                return await Dora.DoraBenchmark.RunAsync(args[1..]);
            default:
                await Console.Error.WriteLineAsync(Usage);
                return 2;
        }
    }

    public static string ArtifactsPath => Path.Combine(MeshProcess.RepositoryRoot, "tests", "Spinnaker.Mesh.Benchmarks", "artifacts");

    private static int RunTree(string[] benchmarkArgs)
    {
        Console.WriteLine(MachineLoad.Describe());
        Console.WriteLine();
        Console.WriteLine(Workload.Describe(50, 500));
        return RunBenchmarks(typeof(TreeBenchmarks), "tree", benchmarkArgs);
    }

    private static int RunJudge(string[] benchmarkArgs)
    {
        Console.WriteLine(MachineLoad.Describe());
        Console.WriteLine();
        Console.WriteLine($"canary: {JudgeWorkload.Metrics} metrics x 2 x {JudgeWorkload.Points:N0} points");
        return RunBenchmarks(typeof(JudgeBenchmarks), "judge", benchmarkArgs);
    }

    private static int RunBenchmarks(Type benchmarks, string artifacts, string[] benchmarkArgs)
    {
        var before = MachineLoad.Sample();
        // In process: BenchmarkDotNet 0.14 cannot generate a net10.0 project, and the repository's build settings
        // (warnings as errors, code style) would apply to one it generated. 3 warm-up and 10 measured iterations of
        // ~0.5 s each keep the whole run to a few minutes on 2 cores.
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithId("InProcess-3x10");
        var config = DefaultConfig.Instance
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median, StatisticColumn.P95, StatisticColumn.Min, StatisticColumn.Max)
            .WithArtifactsPath(Path.Combine(ArtifactsPath, artifacts));
        // The switcher understands --filter, --list and the rest; without a filter it would ask which benchmarks to run.
        string[] switches = benchmarkArgs.Any(a => a is "--filter" or "-f" or "--list") ? benchmarkArgs : [.. benchmarkArgs, "--filter", "*"];
        var summaries = BenchmarkSwitcher.FromTypes([benchmarks]).Run(switches, config).ToList();
        Console.WriteLine($"machine during the run: {MachineLoad.Since(before)}");
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
