using NUnit.Framework;
using Spinnaker.Mesh.Testing;
using YamlDotNet.RepresentationModel;

namespace Spinnaker.Mesh.Deployment.Tests;

/// <summary>
/// The manifests in k8s/ deploy every workload <c>./mesh up</c> runs, each probed on the health endpoints every Mesh
/// process serves, with resources, autoscaling and a disruption budget, configured only from the ConfigMap and Secret.
/// </summary>
[TestFixture]
public sealed class When_Mesh_is_deployed_on_Kubernetes
{
    private static string K8s => Path.Combine(MeshProcess.RepositoryRoot, "k8s");

    /// <summary>Workload names from the run script's SERVICES list (name:port:project).</summary>
    private static IEnumerable<string> Workloads()
    {
        var script = File.ReadAllText(Path.Combine(MeshProcess.RepositoryRoot, "mesh"));
        var list = script[script.IndexOf("SERVICES=(", StringComparison.Ordinal)..];
        list = list[..list.IndexOf(')')];
        return list.Split('\n').Select(l => l.Trim().Trim('"')).Where(l => l.Count(c => c == ':') == 2).Select(l => l.Split(':')[0]);
    }

    [Test]
    public void Should_list_every_workload_in_the_root_kustomization()
    {
        var resources = Sequence(Load(Path.Combine(K8s, "kustomization.yaml")), "resources").Select(r => r.ToString());
        Assert.That(resources, Is.SupersetOf(Workloads().Append("base")));
    }

    [TestCaseSource(nameof(Workloads))]
    public void Should_probe_the_health_endpoints(string workload)
    {
        var container = Container(workload);
        Assert.That(Scalar(container, "readinessProbe", "httpGet", "path"), Is.EqualTo("/health/ready"));
        Assert.That(Scalar(container, "livenessProbe", "httpGet", "path"), Is.EqualTo("/health/live"));
    }

    [TestCaseSource(nameof(Workloads))]
    public void Should_set_resources_and_read_configuration_from_the_configmap_and_secret(string workload)
    {
        var container = Container(workload);
        Assert.That(Scalar(container, "resources", "requests", "cpu"), Is.Not.Empty);
        Assert.That(Scalar(container, "resources", "limits", "memory"), Is.Not.Empty);
        var sources = Sequence(container, "envFrom").Cast<YamlMappingNode>()
            .SelectMany(s => s.Children.Select(c => $"{c.Key}:{Scalar((YamlMappingNode)c.Value, "name")}"));
        Assert.That(sources, Is.EquivalentTo(new[] { "configMapRef:mesh-settings", "secretRef:mesh-connections" }));
    }

    [TestCaseSource(nameof(Workloads))]
    public void Should_autoscale_and_keep_one_replica_through_disruptions(string workload)
    {
        var hpa = Load(Path.Combine(K8s, workload, "hpa.yaml"));
        Assert.That(Scalar(hpa, "spec", "scaleTargetRef", "name"), Is.EqualTo($"mesh-{workload}"));
        Assert.That(int.Parse(Scalar(hpa, "spec", "minReplicas")), Is.GreaterThanOrEqualTo(2), "one replica is a single point of failure");
        var pdb = Load(Path.Combine(K8s, workload, "pdb.yaml"));
        Assert.That(Scalar(pdb, "spec", "minAvailable"), Is.EqualTo("1"));
    }

    [Test]
    public void Should_route_the_gateway_to_every_service_it_proxies()
    {
        var settings = (YamlMappingNode)Load(Path.Combine(K8s, "base", "configmap.yaml"))["data"];
        var gatewayConfig = File.ReadAllText(Path.Combine(MeshProcess.RepositoryRoot, "gateway", "Spinnaker.Mesh.Gateway", "appsettings.json"));
        var clusters = System.Text.Json.JsonDocument.Parse(gatewayConfig).RootElement.GetProperty("ReverseProxy").GetProperty("Clusters");
        foreach (var cluster in clusters.EnumerateObject())
            foreach (var destination in cluster.Value.GetProperty("Destinations").EnumerateObject())
                Assert.That(settings.Children.Keys.Select(k => k.ToString()),
                    Does.Contain($"ReverseProxy__Clusters__{cluster.Name}__Destinations__{destination.Name}__Address"),
                    $"cluster {cluster.Name} would point at 127.0.0.1 inside the cluster");
    }

    private static YamlMappingNode Container(string workload)
    {
        var deployment = Load(Path.Combine(K8s, workload, "deployment.yaml"));
        var containers = Sequence((YamlMappingNode)((YamlMappingNode)deployment["spec"])["template"], "spec", "containers");
        return (YamlMappingNode)containers.Single();
    }

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlNode Node(YamlMappingNode node, params string[] path) =>
        path.Aggregate((YamlNode)node, (current, key) => ((YamlMappingNode)current)[key]);

    private static string Scalar(YamlMappingNode node, params string[] path) => ((YamlScalarNode)Node(node, path)).Value ?? "";

    private static IEnumerable<YamlNode> Sequence(YamlMappingNode node, params string[] path) => ((YamlSequenceNode)Node(node, path)).Children;
}
