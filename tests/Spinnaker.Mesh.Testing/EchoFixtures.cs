namespace Spinnaker.Mesh.Testing;

/// <summary>
/// Where the shared Echo and Kayenta fixtures live: <c>MESH_FIXTURES</c>, else <c>../shared/fixtures</c> beside the repository.
/// A user's clone may not have them; conformance suites then skip, unless <c>MESH_REQUIRE_FIXTURES=1</c> (set by CI).
/// </summary>
public static class EchoFixtures
{
    public static string? Root
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("MESH_FIXTURES");
            if (!string.IsNullOrEmpty(configured)) return Directory.Exists(configured) ? Path.GetFullPath(configured) : null;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Spinnaker.Mesh.sln")))
                {
                    var candidate = Path.Combine(dir.FullName, "..", "shared", "fixtures");
                    return Directory.Exists(candidate) ? Path.GetFullPath(candidate) : null;
                }
            }
            return null;
        }
    }

    public static bool Required => Environment.GetEnvironmentVariable("MESH_REQUIRE_FIXTURES") == "1";

    /// <summary>The folder of Echo fixtures, or an NUnit skip (a failure where CI requires the fixtures).</summary>
    public static string RequireEchoFolder()
    {
        var root = Root;
        var echo = root is null ? null : Path.Combine(root, "echo");
        if (echo is not null && Directory.Exists(echo)) return echo;
        const string reason = "The shared Echo fixtures folder is absent (set MESH_FIXTURES or place shared/ beside the repository).";
        if (Required) NUnit.Framework.Assert.Fail(reason + " MESH_REQUIRE_FIXTURES=1 makes this a failure.");
        NUnit.Framework.Assert.Ignore(reason);
        return "";
    }
}
