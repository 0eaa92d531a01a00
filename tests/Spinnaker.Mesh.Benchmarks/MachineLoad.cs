using System.Globalization;

namespace Spinnaker.Mesh.Benchmarks;

/// <summary>
/// How busy the (shared) machine was: load average, and the share of all cores busy between two samples of
/// <c>/proc/stat</c>, whoever used them. On a 2-core machine shared with other work this says how much to trust a figure.
/// </summary>
internal static class MachineLoad
{
    public readonly record struct Snapshot(long Busy, long Total, DateTime At);

    public static Snapshot Sample()
    {
        if (!File.Exists("/proc/stat")) return new Snapshot(0, 0, DateTime.UtcNow);
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal ...: idle and iowait are not busy.
        var total = cpu.Take(8).Sum();
        return new Snapshot(total - cpu[3] - cpu[4], total, DateTime.UtcNow);
    }

    /// <summary>Busy share of all cores since <paramref name="start"/>, plus the load average now.</summary>
    public static string Since(Snapshot start)
    {
        var end = Sample();
        var busy = end.Total == start.Total ? 0 : 100.0 * (end.Busy - start.Busy) / (end.Total - start.Total);
        return string.Create(CultureInfo.InvariantCulture,
            $"{busy:F0}% of {Environment.ProcessorCount} cores busy over {(end.At - start.At).TotalSeconds:F0} s, load average {LoadAverage()}");
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static string Describe()
    {
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : "0";
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return string.Create(CultureInfo.InvariantCulture,
            $"machine: {Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {long.Parse(memory, CultureInfo.InvariantCulture) / 1024.0 / 1024.0:F1} GiB, " +
            $".NET {Environment.Version}, load average {LoadAverage()}");
    }
}
