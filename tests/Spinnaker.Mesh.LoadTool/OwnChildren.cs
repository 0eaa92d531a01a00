using System.Diagnostics;
using System.Globalization;

namespace Spinnaker.Mesh.LoadTool;

/// <summary>
/// The last cleanup step: a Mesh process this tool started but never got a handle back for (one that was not ready in
/// time) is still its child. Kills, by pid, only direct children of this process that run a Mesh dll.
/// </summary>
internal static class OwnChildren
{
    public static ValueTask KillMeshProcessesAsync()
    {
        if (!OperatingSystem.IsLinux()) return ValueTask.CompletedTask;
        var self = Environment.ProcessId;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) != self) continue;
                var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
                if (!commandLine.Contains("Spinnaker.Mesh.", StringComparison.Ordinal)) continue;
                using var process = Process.GetProcessById(pid);
                Console.Error.WriteLine($"cleanup: stopping leftover child process {pid}");
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException
                                         or FormatException or System.ComponentModel.Win32Exception)
            {
                // Gone already, or not ours to read.
            }
        }
        return ValueTask.CompletedTask;
    }
}
