using System.Globalization;

namespace Spinnaker.Mesh.Benchmarks.Serve;

internal sealed record ServeOptions(
    int Stages,
    int SmallStages,
    int Gets,
    int Executions,
    int CallsPerQuery,
    TimeSpan Timeout,
    TimeSpan QueryBudget,
    double SlowMs,
    bool ExplainAll,
    bool Trees = true,
    bool Statistics = true,
    bool WhatIfIndexes = false)
{
    public const string Usage = """
        serve: the execution-tree service (Release build) on a fresh database and virtual host, 127.0.0.1 only.
          1. publishes a small and a large execution's events as ingest does, times until each tree is complete,
             then times GET /api/executions/{id};
          2. seeds executions and stages straight into the read-model tables (binary COPY), VACUUM ANALYZE, and times
             every statistics endpoint over HTTP; EXPLAIN ANALYZE for any query slower than --slow-ms.
        Build the service first: dotnet build services/Spinnaker.Mesh.ExecutionTree -c Release
        options:
          --stages N          stages of the large execution (500)
          --small-stages N    stages of the small one, measured beside it for scale (50)
          --gets N            timed GETs of each tree (200)
          --executions N      executions seeded for the statistics (100000)
          --calls N           timed calls per statistics query (20), after 2 untimed ones
          --query-budget S    seconds one statistics query may take in all before it stops early (60)
          --slow-ms MS        a statistics query whose median is above this gets EXPLAIN ANALYZE (1000)
          --explain-all       EXPLAIN ANALYZE every statistics query, slow or not
          --only trees|stats  run one of the two parts
          --what-if-indexes   after the statistics, add candidate indexes (this database only) and time them again
          --timeout-minutes M the whole run; everything is cleaned up when it runs out (45)
        """;

    public static (ServeOptions? Options, string? Error) Parse(string[] args)
    {
        var options = new ServeOptions(500, 50, 200, 100_000, 20, TimeSpan.FromMinutes(45), TimeSpan.FromSeconds(60), 1000, false);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help") return (null, null);
            if (name == "--explain-all")
            {
                options = options with { ExplainAll = true };
                continue;
            }
            if (name == "--what-if-indexes")
            {
                options = options with { WhatIfIndexes = true };
                continue;
            }
            if (i + 1 >= args.Length) return (null, $"{name} needs a value");
            var text = args[++i];
            if (name == "--only")
            {
                if (text is not ("trees" or "stats")) return (null, $"--only must be trees or stats, got '{text}'");
                options = options with { Trees = text == "trees", Statistics = text == "stats" };
                continue;
            }
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
                return (null, $"{name} must be a positive number, got '{text}'");
            switch (name)
            {
                case "--stages": options = options with { Stages = (int)value }; break;
                case "--small-stages": options = options with { SmallStages = (int)value }; break;
                case "--gets": options = options with { Gets = (int)value }; break;
                case "--executions": options = options with { Executions = (int)value }; break;
                case "--calls": options = options with { CallsPerQuery = (int)value }; break;
                case "--query-budget": options = options with { QueryBudget = TimeSpan.FromSeconds(value) }; break;
                case "--slow-ms": options = options with { SlowMs = value }; break;
                case "--timeout-minutes": options = options with { Timeout = TimeSpan.FromMinutes(value) }; break;
                default: return (null, $"unknown option {name}");
            }
        }
        return (options, null);
    }
}
