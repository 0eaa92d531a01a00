using System.Globalization;
using System.Text;

namespace Spinnaker.Mesh.LoadTool;

/// <summary>
/// The Markdown the run prints: what it ran on, one row per size and phase (raw, then each Mesh build), the after ÷
/// before comparison when two builds ran, and where the CPU went.
/// </summary>
internal static class Report
{
    /// <summary>One Mesh phase of a size: the build's label (<c>before</c>, <c>after</c> or <c>mesh</c>) and its figures.</summary>
    public sealed record MeshPhase(string Label, MeshEndToEnd.Result Result);

    /// <param name="Round">Which repetition of the size this is, when the run has several (<c>--rounds</c>).</param>
    public sealed record Row(int Kb, int BodyBytes, int? Round, RawBaseline.Result? Raw, IReadOnlyList<MeshPhase> Mesh)
    {
        public string Size => Round is { } round ? $"{Kb} KB #{round}" : $"{Kb} KB";
    }

    private static readonly CultureInfo En = CultureInfo.InvariantCulture;

    public static string Header(LoadOptions options, IReadOnlyList<MeshBuild> builds)
    {
        var memory = OperatingSystem.IsLinux()
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : null;
        var memoryText = memory is null ? "?" : $"{long.Parse(memory, En) / 1024.0 / 1024.0:F1} GiB";
        var cpu = OperatingSystem.IsLinux()
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var buildLines = string.Concat(builds.Select(b => $"build {b.Label}: {b.RepositoryRoot} at {b.Describe()}\n"));
        return string.Create(En, $"""
            # Spinnaker Mesh load run, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC
            machine: {Environment.ProcessorCount} cores ({cpu ?? "?"}), {memoryText} RAM, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}
            run: {options.Messages:N0} messages per size and phase after {options.Warmup} warm-up, {options.Concurrency} connections, {options.RawPublishers ?? options.Concurrency} raw publishers, sizes {string.Join(", ", options.SizesKb)} KB{(options.Rounds > 1 ? $", {options.Rounds} rounds each" : "")}{(options.ServiceEnvironment.Count == 0 ? "" : ", service environment " + string.Join(" ", options.ServiceEnvironment.Select(e => $"{e.Key}={e.Value}")))}
            {buildLines}
            """);
    }

    /// <summary>One line per phase; for raw, accepted/s is the publishers' confirmed rate.</summary>
    public static string Table(IReadOnlyList<Row> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| size | phase | accepted/s | stored/s | stored / raw | p50 | p95 | p99 | CPU ms per message |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            var size = string.Create(En, $"{row.Size} ({row.BodyBytes:N0} B)");
            if (row.Raw is { } raw)
            {
                text.AppendLine(string.Create(En,
                    $"| {size} | raw | {raw.ConfirmedPerSecond:N0} | {raw.EventsPerSecond:N0} | – | – | – | – | {CpuPerMessage(raw.Cpu, raw.Messages):F2} |"));
                size = "";
            }
            foreach (var (label, mesh) in row.Mesh)
            {
                text.AppendLine(mesh.Failed
                    ? $"| {size} | {label} | FAILED | – | – | – | – | – | – |"
                    : string.Create(En,
                        $"| {size} | {label} | {mesh.AcceptedPerSecond:N0} | {mesh.StoredPerSecond:N0} | {Ratio(mesh, row.Raw)} | " +
                        $"{Ms(mesh.P50)} ms | {Ms(mesh.P95)} ms | {Ms(mesh.P99)} ms | {CpuPerMessage(mesh.Cpu, mesh.Messages):F2} |"));
                size = "";
            }
        }
        text.AppendLine();
        text.AppendLine("raw: accepted/s is the publishers' confirmed rate. Mesh: stored = visible in both ingest and the execution tree.");
        return text.ToString();
    }

    /// <summary>One line per size that has both builds: the figures after ÷ before, taken minutes apart.</summary>
    public static string Comparison(IReadOnlyList<Row> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            if (row.Mesh.FirstOrDefault(m => m.Label == "before")?.Result is not { Failed: false } before) continue;
            if (row.Mesh.FirstOrDefault(m => m.Label == "after")?.Result is not { Failed: false } after) continue;
            double cpuBefore = CpuPerMessage(before.Cpu, before.Messages), cpuAfter = CpuPerMessage(after.Cpu, after.Messages);
            var ratios = row.Raw is null ? "" : $", stored / raw {Ratio(before, row.Raw)} → {Ratio(after, row.Raw)}";
            text.AppendLine(string.Create(En,
                $"* {row.Size}, after ÷ before: stored/s ×{after.StoredPerSecond / before.StoredPerSecond:F2} " +
                $"({before.StoredPerSecond:N0} → {after.StoredPerSecond:N0}){ratios}, " +
                $"accepted/s ×{after.AcceptedPerSecond / before.AcceptedPerSecond:F2}, p99 {Ms(before.P99)} → {Ms(after.P99)} ms, " +
                $"CPU per message ×{(cpuBefore > 0 ? cpuAfter / cpuBefore : 0):F2} ({cpuBefore:F2} → {cpuAfter:F2} ms)"));
        }
        return text.Length == 0 ? "" : "After ÷ before (same size, phases minutes apart):\n\n" + text;
    }

    /// <summary>Average cores each process used while a phase ran (2.0 = both cores the whole time), then the same per message.</summary>
    public static string CpuTable(IReadOnlyList<Row> rows)
    {
        var phases = rows.SelectMany(row => (row.Raw is { } raw ? [($"raw {row.Size}", raw.Cpu, raw.Messages)] : Array.Empty<(string, CpuSampler.Usage, int)>())
                .Concat(row.Mesh.Where(m => !m.Result.Failed).Select(m => ($"{m.Label} {row.Size}", m.Result.Cpu, m.Result.Messages))))
            .ToList();
        var text = new StringBuilder();
        text.AppendLine($"CPU while each timed phase ran, in cores (of {Environment.ProcessorCount}):");
        text.AppendLine();
        text.AppendLine($"| phase | {string.Join(" | ", CpuSampler.Groups)} | machine busy | steal |");
        text.AppendLine($"|---|{string.Concat(CpuSampler.Groups.Select(_ => "---:|"))}---:|---:|");
        foreach (var (phase, usage, _) in phases) text.AppendLine($"| {phase} | {CpuCells(usage)} |");
        text.AppendLine();
        text.AppendLine("The same as CPU milliseconds per message (less sensitive to what else ran; 'other' is not per message):");
        text.AppendLine();
        text.AppendLine($"| phase | {string.Join(" | ", NamedGroups)} | total of these |");
        text.AppendLine($"|---|{string.Concat(NamedGroups.Select(_ => "---:|"))}---:|");
        foreach (var (phase, usage, messages) in phases)
            text.AppendLine($"| {phase} | {string.Join(" | ", NamedGroups.Select(g => GroupMs(usage, messages, g).ToString("F2", En)))} | {CpuPerMessage(usage, messages).ToString("F2", En)} |");
        return text.ToString();
    }

    private static readonly IReadOnlyList<string> NamedGroups = [.. CpuSampler.Groups.Where(g => g != "other")];

    private static double GroupMs(CpuSampler.Usage usage, int messages, string group) =>
        usage.Cores.GetValueOrDefault(group) * usage.Seconds * 1000 / messages;

    /// <summary>CPU milliseconds per message over every process the phase named (everything but 'other').</summary>
    private static double CpuPerMessage(CpuSampler.Usage usage, int messages) => NamedGroups.Sum(g => GroupMs(usage, messages, g));

    private static string Ratio(MeshEndToEnd.Result mesh, RawBaseline.Result? raw) =>
        raw is null ? "–" : (mesh.StoredPerSecond / raw.EventsPerSecond).ToString("F2", En);

    public static string Cpu(CpuSampler.Usage usage) =>
        string.Join(" ", CpuSampler.Groups.Select(g => string.Create(En, $"{g}={usage.Cores.GetValueOrDefault(g):F2}"))) +
        string.Create(En, $" busy={usage.MachineBusyCores:F2} steal={usage.MachineStealCores:F2}");

    public static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString(value.TotalMilliseconds < 10 ? "F1" : "F0", En);

    private static string CpuCells(CpuSampler.Usage usage) =>
        string.Join(" | ", CpuSampler.Groups.Select(g => usage.Cores.GetValueOrDefault(g).ToString("F2", En))) +
        string.Create(En, $" | {usage.MachineBusyCores:F2} | {usage.MachineStealCores:F2}");
}
