using System.Diagnostics;

namespace Spinnaker.Mesh.LoadTool;

/// <summary>
/// One build of Mesh whose services a phase starts: a checkout (already built in Release) and the label its rows carry.
/// The side-by-side mode measures two of them, <c>before</c> (a second checkout) and <c>after</c> (this repository).
/// </summary>
internal sealed record MeshBuild(string Label, string RepositoryRoot)
{
    public static IReadOnlyList<MeshBuild> From(LoadOptions options)
    {
        var here = Testing.MeshProcess.RepositoryRoot;
        if (options.SkipMesh) return [];
        return options.BaselineRoot is { } baseline ? [new("before", baseline), new("after", here)] : [new("mesh", here)];
    }

    /// <summary>The checkout's commit, and whether its working tree differs from it, for the run's header.</summary>
    public string Describe()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["-C", RepositoryRoot, "describe", "--always", "--dirty", "--abbrev=7"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (git is null) return "?";
            var commit = git.StandardOutput.ReadToEnd().Trim();
            return git.WaitForExit(TimeSpan.FromSeconds(10)) && git.ExitCode == 0 ? commit : "?";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}
