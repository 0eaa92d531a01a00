using System.Diagnostics;
using NUnit.Framework;
using Spinnaker.Mesh.Testing;
using YamlDotNet.RepresentationModel;

namespace Spinnaker.Mesh.Deployment.Tests;

/// <summary>
/// services.catalog is the one list of workloads: the solution builds exactly its projects, ./mesh starts exactly its
/// workloads (the gateway last), and <c>kubectl kustomize k8s/</c> renders a Deployment for each.
/// </summary>
[TestFixture]
public sealed class When_the_service_catalog_lists_the_workloads
{
    private static string Root => MeshProcess.RepositoryRoot;

    [Test]
    public void Should_list_every_runnable_project_of_the_solution_and_only_those()
    {
        // Runnable projects are the web projects under services/ and gateway/; shared/, contracts/ and tests/ hold
        // libraries and tools, and a service's own library (the canary judge) sits beside it under services/.
        var solution = File.ReadAllLines(Path.Combine(Root, "Spinnaker.Mesh.sln"))
            .Where(l => l.StartsWith("Project(", StringComparison.Ordinal))
            .Select(l => l.Split(',')[1].Trim().Trim('"').Replace('\\', '/'))
            .Where(p => p.EndsWith(".csproj", StringComparison.Ordinal) && (p.StartsWith("services/") || p.StartsWith("gateway/")))
            .Where(p => File.ReadAllText(Path.Combine(Root, p)).Contains("Sdk=\"Microsoft.NET.Sdk.Web\"", StringComparison.Ordinal));

        Assert.That(MeshCatalog.Services.Select(s => s.ProjectFile), Is.EquivalentTo(solution));
        Assert.That(MeshCatalog.Services.Where(s => !File.Exists(Path.Combine(Root, s.ProjectFile))).Select(s => s.ProjectFile), Is.Empty,
            "a catalog project that does not exist");
    }

    [Test]
    public void Should_give_each_workload_its_own_port_and_each_prefix_one_owner()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MeshCatalog.Services.Select(s => s.Port), Is.Unique);
            Assert.That(MeshCatalog.Services.Select(s => s.Name), Is.Unique);
            Assert.That(MeshCatalog.Services.SelectMany(s => s.RoutePrefixes), Is.Unique);
            Assert.That(MeshCatalog.Services.SelectMany(s => s.RoutePrefixes), Has.All.StartWith("/api/"));
            Assert.That(MeshCatalog.Gateway.RoutePrefixes, Is.Empty, "the gateway routes to others, nothing routes to it");
        });
    }

    [Test]
    public async Task Should_be_what_the_run_script_starts_with_the_gateway_last()
    {
        var expected = MeshCatalog.BehindGateway.Append(MeshCatalog.Gateway).Select(s => $"{s.Name} {s.Port} {s.Project}");

        var (exitCode, output, errors) = await RunAsync("bash", Path.Combine(Root, "mesh"), "services");

        Assert.That(exitCode, Is.Zero, errors);
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(expected));
    }

    [Test]
    public async Task Should_render_a_deployment_for_every_workload_with_kustomize()
    {
        if (!OnPath("kubectl")) Assert.Ignore("kubectl is not installed here; the manifests are checked file by file above");

        var (exitCode, output, errors) = await RunAsync("kubectl", "kustomize", Path.Combine(Root, "k8s"));

        Assert.That(exitCode, Is.Zero, errors);
        var rendered = new YamlStream();
        rendered.Load(new StringReader(output));
        var deployments = rendered.Documents.Select(d => (YamlMappingNode)d.RootNode)
            .Where(d => d["kind"].ToString() == "Deployment")
            .Select(d => ((YamlMappingNode)d["metadata"])["name"].ToString());
        Assert.That(deployments, Is.EquivalentTo(MeshCatalog.Services.Select(s => $"mesh-{s.Name}")));
    }

    private static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, command)));

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output, await error);
    }
}
