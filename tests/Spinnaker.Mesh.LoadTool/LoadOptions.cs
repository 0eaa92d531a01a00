using System.Globalization;

namespace Spinnaker.Mesh.LoadTool;

/// <summary>Command-line options. Every option has a default, so a bare run measures 5, 11 and 30 KB.</summary>
internal sealed record LoadOptions
{
    public int Messages { get; init; } = 5000;
    public int Concurrency { get; init; } = 32;
    public int? RawPublishers { get; init; }
    public int Warmup { get; init; } = 1000;
    public IReadOnlyList<int> SizesKb { get; init; } = [5, 11, 30];
    public int Rounds { get; init; } = 1;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);
    public TimeSpan StoreTimeout { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan QuietWait { get; init; } = TimeSpan.Zero;
    public IReadOnlyDictionary<string, string> ServiceEnvironment { get; init; } = new Dictionary<string, string>();
    /// <summary>A second checkout, built in Release, measured as "before" beside this repository's build ("after").</summary>
    public string? BaselineRoot { get; init; }
    public bool SkipRaw { get; init; }
    public bool SkipMesh { get; init; }
    public int? PrintPayloadKb { get; init; }

    public const string Usage = """
        Spinnaker Mesh load tool: raw RabbitMQ + PostgreSQL baseline beside Mesh end to end (gateway, ingest and
        execution-tree), same payloads, one run; with --baseline-root, a second build of Mesh beside this one.

        usage: dotnet run -c Release --project tests/Spinnaker.Mesh.LoadTool -- [options]

          -n, --messages N        messages per size and phase, after the warm-up        (default 5000)
          -c, --concurrency C     concurrent HTTP connections / raw publishers           (default 32)
              --raw-publishers P  raw publishers, if not C (each has one message in flight)
          -s, --sizes 5,11,30     payload sizes in KB (1 KB = 1024 bytes)                (default 5,11,30)
          -w, --warmup W          untimed messages sent first in every phase             (default 1000)
              --rounds R          run each size's phases R times in a row; even rounds run "after"
                                  before "before"                                        (default 1)
              --timeout MIN       hard limit for the whole run, minutes                  (default 30)
              --store-timeout S   limit for one phase to store everything, seconds      (default 300)
              --quiet-wait S      before each phase, wait up to S seconds for the machine   (default 0)
                                  to be nearly idle (under 0.3 cores busy for 2 s)
              --baseline-root DIR another checkout of Mesh, built in Release (dotnet build -c Release):
                                  each size runs raw, then DIR's build ("before"), then this
                                  repository's ("after"), and the report compares the two
              --service-env K=V   extra environment for the gateway, ingest and execution-tree
                                  processes (both builds), for experiments (e.g. DOTNET_gcServer=0);
                                  repeatable
              --skip-raw          only Mesh end to end (no ratio)
              --skip-mesh         only the raw baseline
              --print-payload KB  print one payload of that size and exit
          -h, --help

        Needs PostgreSQL (127.0.0.1:5432, role mesh) and RabbitMQ (127.0.0.1:5672, management on 15672), as ./mesh test
        starts them. Exit code 0: every webhook answered 202 and was stored, in ingest and the execution tree, in time; 1: the run
        failed.
        """;

    /// <summary>Parses the arguments; null with a message when they are not understood.</summary>
    public static (LoadOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{name} needs a value");
            try
            {
                options = name switch
                {
                    "-n" or "--messages" => options with { Messages = Positive(Value(), name) },
                    "-c" or "--concurrency" => options with { Concurrency = Positive(Value(), name) },
                    "--raw-publishers" => options with { RawPublishers = Positive(Value(), name) },
                    "-w" or "--warmup" => options with { Warmup = NonNegative(Value(), name) },
                    "-s" or "--sizes" => options with
                    {
                        SizesKb = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => Positive(s, name))],
                    },
                    "--rounds" => options with { Rounds = Positive(Value(), name) },
                    "--timeout" => options with { Timeout = TimeSpan.FromMinutes(Positive(Value(), name)) },
                    "--store-timeout" => options with { StoreTimeout = TimeSpan.FromSeconds(Positive(Value(), name)) },
                    "--quiet-wait" => options with { QuietWait = TimeSpan.FromSeconds(NonNegative(Value(), name)) },
                    "--baseline-root" => options with { BaselineRoot = Checkout(Value(), name) },
                    "--service-env" => options with { ServiceEnvironment = WithVariable(options.ServiceEnvironment, Value(), name) },
                    "--skip-raw" => options with { SkipRaw = true },
                    "--skip-mesh" => options with { SkipMesh = true },
                    "--print-payload" => options with { PrintPayloadKb = Positive(Value(), name) },
                    "-h" or "--help" => null,
                    _ => throw new FormatException($"unknown option {name}"),
                };
            }
            catch (FormatException e)
            {
                return (null, e.Message);
            }
            if (options is null) return (null, null);
        }
        if (options.SizesKb.Count == 0) return (null, "--sizes needs at least one size");
        if (options.SkipRaw && options.SkipMesh) return (null, "--skip-raw and --skip-mesh leave nothing to run");
        if (options.SkipMesh && options.BaselineRoot is not null) return (null, "--baseline-root compares Mesh builds: not with --skip-mesh");
        return (options, null);
    }

    private static string Checkout(string text, string name)
    {
        var root = Path.GetFullPath(text);
        return File.Exists(Path.Combine(root, "Spinnaker.Mesh.sln"))
            ? root
            : throw new FormatException($"{name} takes a checkout of Mesh (a folder with Spinnaker.Mesh.sln), not '{text}'");
    }

    private static int Positive(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new FormatException($"{name} takes a positive whole number, not '{text}'");

    private static Dictionary<string, string> WithVariable(IReadOnlyDictionary<string, string> current, string text, string name)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0) throw new FormatException($"{name} takes KEY=VALUE, not '{text}'");
        return new Dictionary<string, string>(current) { [text[..equals]] = text[(equals + 1)..] };
    }

    private static int NonNegative(string text, string name) =>
        text == "0" ? 0 : Positive(text, name);
}
