using NUnit.Framework;
using Spinnaker.Mesh.Testing;
using YamlDotNet.RepresentationModel;

namespace Spinnaker.Mesh.Deployment.Tests;

/// <summary>
/// The manifests in k8s/ deploy every workload of services.catalog, each from its own folder, probed on the health
/// endpoints every Mesh process serves, scraped by Prometheus at its /metrics, with resources, autoscaling and a
/// disruption budget, configured only from the ConfigMap and Secret, and the gateway pointed at each service's
/// Kubernetes Service.
/// </summary>
[TestFixture]
public sealed class When_Mesh_is_deployed_on_Kubernetes
{
    private static readonly string[] WorkloadManifests = ["deployment.yaml", "service.yaml", "hpa.yaml", "pdb.yaml"];

    private static string K8s => Path.Combine(MeshProcess.RepositoryRoot, "k8s");

    private static IEnumerable<string> Workloads() => MeshCatalog.Services.Select(s => s.Name);

    [Test]
    public void Should_list_every_workload_and_its_image_in_the_root_kustomization()
    {
        var root = Load(Path.Combine(K8s, "kustomization.yaml"));
        var resources = Sequence(root, "resources").Select(r => r.ToString());
        var images = Sequence(root, "images").Cast<YamlMappingNode>().Select(i => Scalar(i, "name"));
        Assert.Multiple(() =>
        {
            Assert.That(resources, Is.SupersetOf(Workloads().Append("base")));
            Assert.That(images, Is.SupersetOf(Workloads().Select(w => $"spinnaker-mesh/{w}")));
        });
    }

    [TestCaseSource(nameof(Workloads))]
    public void Should_have_a_folder_with_its_deployment_service_autoscaler_and_disruption_budget(string workload)
    {
        var folder = Path.Combine(K8s, workload);
        Assert.That(Sequence(Load(Path.Combine(folder, "kustomization.yaml")), "resources").Select(r => r.ToString()),
            Is.EquivalentTo(WorkloadManifests));
        var deployment = Load(Path.Combine(folder, "deployment.yaml"));
        var service = Load(Path.Combine(folder, "service.yaml"));
        Assert.Multiple(() =>
        {
            Assert.That(Scalar(deployment, "metadata", "name"), Is.EqualTo($"mesh-{workload}"));
            Assert.That(Scalar(Container(workload), "image"), Is.EqualTo($"spinnaker-mesh/{workload}"));
            Assert.That(Scalar(service, "metadata", "name"), Is.EqualTo($"mesh-{workload}"));
            Assert.That(Scalar(service, "spec", "selector", "app.kubernetes.io/name"),
                Is.EqualTo(Scalar(deployment, "spec", "template", "metadata", "labels", "app.kubernetes.io/name")),
                "the Service must select the Deployment's pods");
        });
    }

    [TestCaseSource(nameof(Workloads))]
    public void Should_probe_the_health_endpoints(string workload)
    {
        var container = Container(workload);
        Assert.That(Scalar(container, "readinessProbe", "httpGet", "path"), Is.EqualTo("/health/ready"));
        Assert.That(Scalar(container, "livenessProbe", "httpGet", "path"), Is.EqualTo("/health/live"));
    }

    [TestCaseSource(nameof(Workloads))]
    public void Should_invite_prometheus_to_scrape_its_metrics_endpoint_on_the_port_it_serves(string workload)
    {
        var template = (YamlMappingNode)Node(Load(Path.Combine(K8s, workload, "deployment.yaml")), "spec", "template");
        var annotations = ((YamlMappingNode)Node(template, "metadata", "annotations")).Children
            .ToDictionary(a => a.Key.ToString(), a => a.Value.ToString());
        var httpPort = Sequence(Container(workload), "ports").Cast<YamlMappingNode>()
            .Single(p => Scalar(p, "name") == "http");
        Assert.Multiple(() =>
        {
            Assert.That(annotations.GetValueOrDefault("prometheus.io/scrape"), Is.EqualTo("true"));
            Assert.That(annotations.GetValueOrDefault("prometheus.io/path"), Is.EqualTo("/metrics"));
            Assert.That(annotations.GetValueOrDefault("prometheus.io/port"), Is.EqualTo(Scalar(httpPort, "containerPort")),
                "the port the container serves /metrics on");
        });
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

    private static IEnumerable<TestCaseData> RoutedServices() =>
        MeshCatalog.Services.Where(s => s.RoutePrefixes.Count > 0).Select(s => new TestCaseData(s).SetArgDisplayNames(s.Name));

    [TestCaseSource(nameof(RoutedServices))]
    public void Should_point_the_gateway_at_the_service_of_every_workload_it_routes_to(MeshService service)
    {
        var settings = (YamlMappingNode)Load(Path.Combine(K8s, "base", "configmap.yaml"))["data"];
        var addresses = settings.Children.ToDictionary(c => c.Key.ToString(), c => c.Value.ToString());

        Assert.That(addresses.GetValueOrDefault(service.AddressVariable), Is.EqualTo($"http://mesh-{service.Name}/"),
            $"without {service.AddressVariable} the gateway would send {string.Join(", ", service.RoutePrefixes)} to 127.0.0.1 inside the pod");
    }

    [Test]
    public void Should_keep_no_folder_for_a_workload_the_catalog_does_not_list()
    {
        var folders = Directory.GetDirectories(K8s).Select(Path.GetFileName).Where(f => f != "base");
        Assert.That(folders, Is.EquivalentTo(Workloads()));
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
