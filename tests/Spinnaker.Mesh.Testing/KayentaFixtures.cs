namespace Spinnaker.Mesh.Testing;

/// <summary>
/// The shared Kayenta fixtures (<c>kayenta/</c> under <see cref="EchoFixtures.Root"/>): canary configs, execution
/// statuses, Prometheus answers and <c>judge-cases.json</c>. Same rules as the Echo fixtures: absent means skipped,
/// unless <c>MESH_REQUIRE_FIXTURES=1</c>, which makes it a failure.
/// </summary>
public static class KayentaFixtures
{
    /// <summary>The folder, or null when it is absent (for building test-case lists before any test runs).</summary>
    public static string? Folder
    {
        get
        {
            var root = EchoFixtures.Root;
            var kayenta = root is null ? null : Path.Combine(root, "kayenta");
            return kayenta is not null && Directory.Exists(kayenta) ? kayenta : null;
        }
    }

    /// <summary>The folder, or an NUnit skip (a failure where CI requires the fixtures).</summary>
    public static string RequireFolder()
    {
        if (Folder is { } folder) return folder;
        const string reason = "The shared Kayenta fixtures folder is absent (set MESH_FIXTURES or place shared/ beside the repository).";
        if (EchoFixtures.Required) NUnit.Framework.Assert.Fail(reason + " MESH_REQUIRE_FIXTURES=1 makes this a failure.");
        NUnit.Framework.Assert.Ignore(reason);
        return "";
    }

    /// <summary>The text of one fixture file, e.g. <c>canary-config.judge-test-config.json</c>.</summary>
    public static string Read(string fileName) => File.ReadAllText(Path.Combine(RequireFolder(), fileName));
}
