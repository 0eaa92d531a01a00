using System.Globalization;
using System.Text;

namespace Spinnaker.Mesh.LoadTool;

/// <summary>The Markdown the run prints: what it ran on, one row per size, and where the CPU went.</summary>
internal static class Report
{
    public sealed record Row(int Kb, int BodyBytes, RawBaseline.Result? Raw, MeshEndToEnd.Result? Mesh);

    private static readonly CultureInfo En = CultureInfo.InvariantCulture;

    public static string Header(LoadOptions options)
    {
        var memory = OperatingSystem.IsLinux()
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : null;
        var memoryText = memory is null ? "?" : $"{long.Parse(memory, En) / 1024.0 / 1024.0:F1} GiB";
        var cpu = OperatingSystem.IsLinux()
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return string.Create(En, $"""
            # Spinnaker Mesh load run, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC
            machine: {Environment.ProcessorCount} cores ({cpu ?? "?"}), {memoryText} RAM, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}
            run: {options.Messages:N0} messages per size and phase after {options.Warmup} warm-up, {options.Concurrency} connections, {options.RawPublishers ?? options.Concurrency} raw publishers, sizes {string.Join(", ", options.SizesKb)} KB{(options.ServiceEnvironment.Count == 0 ? "" : ", service environment " + string.Join(" ", options.ServiceEnvironment.Select(e => $"{e.Key}={e.Value}")))}

            """);
    }

    public static string Table(IReadOnlyList<Row> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| size | raw events/s | mesh accepted/s | mesh stored/s | stored / raw | p50 | p95 | p99 |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            var raw = row.Raw is { } r ? r.EventsPerSecond.ToString("N0", En) : "–";
            var mesh = row.Mesh is { Failed: false } m ? m : null;
            var ratio = row.Raw is not null && mesh is not null ? (mesh.StoredPerSecond / row.Raw.EventsPerSecond).ToString("F2", En) : "–";
            text.AppendLine(string.Create(En,
                $"| {row.Kb} KB ({row.BodyBytes:N0} B) | {raw} | {(mesh is null ? Failed(row) : mesh.AcceptedPerSecond.ToString("N0", En))} | " +
                $"{(mesh is null ? "–" : mesh.StoredPerSecond.ToString("N0", En))} | {ratio} | " +
                $"{(mesh is null ? "–" : Ms(mesh.P50) + " ms")} | {(mesh is null ? "–" : Ms(mesh.P95) + " ms")} | {(mesh is null ? "–" : Ms(mesh.P99) + " ms")} |"));
        }
        return text.ToString();
    }

    /// <summary>Average cores each process used while a phase ran (2.0 = both cores the whole time).</summary>
    public static string CpuTable(IReadOnlyList<Row> rows)
    {
        var text = new StringBuilder();
        text.AppendLine($"CPU while each timed phase ran, in cores (of {Environment.ProcessorCount}):");
        text.AppendLine();
        text.AppendLine($"| phase | {string.Join(" | ", CpuSampler.Groups)} | machine busy | steal |");
        text.AppendLine($"|---|{string.Concat(CpuSampler.Groups.Select(_ => "---:|"))}---:|---:|");
        foreach (var row in rows)
        {
            if (row.Raw is { } raw) text.AppendLine($"| raw {row.Kb} KB | {CpuCells(raw.Cpu)} |");
            if (row.Mesh is { Failed: false } mesh) text.AppendLine($"| mesh {row.Kb} KB | {CpuCells(mesh.Cpu)} |");
        }
        text.AppendLine();
        text.AppendLine("The same as CPU milliseconds per message (less sensitive to what else ran; 'other' is not per message):");
        text.AppendLine();
        var named = CpuSampler.Groups.Where(g => g != "other").ToList();
        text.AppendLine($"| phase | {string.Join(" | ", named)} | total of these |");
        text.AppendLine($"|---|{string.Concat(named.Select(_ => "---:|"))}---:|");
        foreach (var row in rows)
        {
            if (row.Raw is { } raw) text.AppendLine($"| raw {row.Kb} KB | {PerMessageCells(raw.Cpu, raw.Messages, named)} |");
            if (row.Mesh is { Failed: false } mesh) text.AppendLine($"| mesh {row.Kb} KB | {PerMessageCells(mesh.Cpu, mesh.Messages, named)} |");
        }
        return text.ToString();
    }

    private static string PerMessageCells(CpuSampler.Usage usage, int messages, IReadOnlyList<string> groups)
    {
        double Ms(string g) => usage.Cores.GetValueOrDefault(g) * usage.Seconds * 1000 / messages;
        return string.Join(" | ", groups.Select(g => Ms(g).ToString("F2", En))) + " | " + groups.Sum(Ms).ToString("F2", En);
    }

    public static string Cpu(CpuSampler.Usage usage) =>
        string.Join(" ", CpuSampler.Groups.Select(g => string.Create(En, $"{g}={usage.Cores.GetValueOrDefault(g):F2}"))) +
        string.Create(En, $" busy={usage.MachineBusyCores:F2} steal={usage.MachineStealCores:F2}");

    public static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString(value.TotalMilliseconds < 10 ? "F1" : "F0", En);

    private static string CpuCells(CpuSampler.Usage usage) =>
        string.Join(" | ", CpuSampler.Groups.Select(g => usage.Cores.GetValueOrDefault(g).ToString("F2", En))) +
        string.Create(En, $" | {usage.MachineBusyCores:F2} | {usage.MachineStealCores:F2}");

    private static string Failed(Row row) => row.Mesh is { Failed: true } ? "FAILED" : "–";
}
