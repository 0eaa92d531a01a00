using System.Globalization;

namespace Spinnaker.Mesh.LoadTool;

/// <summary>
/// Where the CPU went during a phase, from <c>/proc</c>: CPU time of the gateway, ingest, execution-tree, RabbitMQ (<c>beam.smp</c>,
/// shared with anything else using the broker), PostgreSQL (the server's own processes, such as the WAL writer and
/// checkpointer, plus the backends connected to this phase's database; other databases' backends are not counted)
/// and this tool, and the whole machine's busy and steal time. Linux only; elsewhere every figure is empty.
/// </summary>
internal static class CpuSampler
{
    public static readonly IReadOnlyList<string> Groups = ["gateway", "ingest", "execution-tree", "rabbitmq", "postgres", "loadtool", "other"];

    private const double TicksPerSecond = 100.0;   // USER_HZ: 100 on every Linux the project runs on

    public sealed record Snapshot(long TimestampTicks, IReadOnlyDictionary<string, long> GroupTicks, long MachineBusy, long MachineSteal, long MachineTotal);

    /// <summary>Cores used per group between two snapshots (1.0 = one core busy the whole time), and the machine's.</summary>
    public sealed record Usage(IReadOnlyDictionary<string, double> Cores, double MachineBusyCores, double MachineStealCores, double Seconds);

    /// <param name="database">The phase's database: only backends connected to it count as PostgreSQL's work.</param>
    public static Snapshot Take(string? database)
    {
        var self = Environment.ProcessId;
        var groups = Groups.ToDictionary(g => g, _ => 0L);
        if (!OperatingSystem.IsLinux()) return new Snapshot(DateTime.UtcNow.Ticks, groups, 0, 0, 0);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (ReadStat(pid) is not { } stat) continue;
            var group = pid == self ? "loadtool"
                : stat.Comm == "beam.smp" ? "rabbitmq"
                : stat.Comm.StartsWith("postgres", StringComparison.Ordinal) ? PostgresGroup(pid, database)
                : stat.Comm == "dotnet" && stat.ParentPid == self ? MeshGroup(pid)
                : null;
            if (group is null) continue;
            // Pooled connections keep their backends for the whole phase, so a process's own time is enough.
            groups[group] += stat.UserTicks + stat.SystemTicks;
        }
        var (busy, steal, total) = ReadMachine();
        return new Snapshot(DateTime.UtcNow.Ticks, groups, busy, steal, total);
    }

    /// <summary>
    /// Waits, at most <paramref name="limit"/>, for a 2-second window in which the machine used less than
    /// <paramref name="threshold"/> cores (other builds and tests share it); returns the last window's busy cores.
    /// </summary>
    public static async Task<double> WaitForQuietAsync(TimeSpan limit, double threshold, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var first = Take(null);
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            var busy = Between(first, Take(null)).MachineBusyCores;
            if (busy < threshold || DateTime.UtcNow >= deadline) return busy;
        }
    }

    public static Usage Between(Snapshot first, Snapshot last)
    {
        var seconds = TimeSpan.FromTicks(last.TimestampTicks - first.TimestampTicks).TotalSeconds;
        var cores = Groups.ToDictionary(g => g, g => seconds <= 0 ? 0 : (last.GroupTicks[g] - first.GroupTicks[g]) / TicksPerSecond / seconds);
        // /proc/stat counts every CPU: busy ticks over all ticks, times the number of CPUs, is cores busy.
        var allTicks = last.MachineTotal - first.MachineTotal;
        double Share(long a, long b) => allTicks <= 0 ? 0 : (double)(b - a) / allTicks * Environment.ProcessorCount;
        var busy = Share(first.MachineBusy, last.MachineBusy);
        var steal = Share(first.MachineSteal, last.MachineSteal);
        // What the machine did beyond the named groups (other builds, tests, the kernel's own threads).
        cores["other"] = Math.Max(0, busy - Groups.Where(g => g != "other").Sum(g => cores[g]));
        return new Usage(cores, busy, steal, seconds);
    }

    /// <summary>
    /// A client backend's command line names its database (<c>postgres: 15/main: mesh mesh_test_… 127.0.0.1(40594) idle</c>):
    /// count it only for this phase's database. The postmaster and background processes (WAL writer, checkpointer, …) count.
    /// </summary>
    private static string? PostgresGroup(int pid, string? database)
    {
        string commandLine;
        try { commandLine = File.ReadAllText($"/proc/{pid}/cmdline"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        var clientBackend = commandLine.Contains("127.0.0.1(", StringComparison.Ordinal) || commandLine.Contains("[local]", StringComparison.Ordinal);
        if (!clientBackend) return "postgres";
        return database is not null && commandLine.Contains($" {database} ", StringComparison.Ordinal) ? "postgres" : null;
    }

    private static string? MeshGroup(int pid)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            return commandLine.Contains("Spinnaker.Mesh.Gateway.dll", StringComparison.Ordinal) ? "gateway"
                : commandLine.Contains("Spinnaker.Mesh.Ingest.dll", StringComparison.Ordinal) ? "ingest"
                : commandLine.Contains("Spinnaker.Mesh.ExecutionTree.dll", StringComparison.Ordinal) ? "execution-tree"
                : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private sealed record ProcStat(string Comm, int ParentPid, long UserTicks, long SystemTicks);

    private static ProcStat? ReadStat(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
        var open = text.IndexOf('(');
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open) return null;
        var fields = text[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
        long F(int field) => long.Parse(fields[field - 3], CultureInfo.InvariantCulture);
        return new ProcStat(text[(open + 1)..close], (int)F(4), F(14), F(15));
    }

    private static (long Busy, long Steal, long Total) ReadMachine()
    {
        var line = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        var v = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already inside user).
        long user = v[0], nice = v[1], system = v[2], idle = v[3], iowait = v[4], irq = v[5], softirq = v[6], steal = v.Length > 7 ? v[7] : 0;
        var busy = user + nice + system + irq + softirq;
        return (busy, steal, busy + idle + iowait + steal);
    }
}
