using Microsoft.Extensions.Configuration;
using NUnit.Framework;
using Spinnaker.Mesh.Gateway.Proxy;

namespace Spinnaker.Mesh.Gateway.Tests;

/// <summary>How the gateway turns catalog lines into YARP routes and clusters, and what it refuses at start.</summary>
public sealed class When_the_gateway_reads_the_service_catalog
{
    private static readonly string[] GeneralBeforeSpecific =
    [
        "# the broader prefix listed first: the order of lines must not matter",
        "execution-tree  8082  services/Spinnaker.Mesh.ExecutionTree  /api/executions,/api/gates",
        "ingest          8081  services/Spinnaker.Mesh.Ingest         /api/ingest,/api/executions/{id}/events",
        "gateway         8080  gateway/Spinnaker.Mesh.Gateway         -",
    ];

    [Test]
    public void Should_try_the_more_specific_prefix_first_whatever_the_line_order()
    {
        var (routes, _) = ServiceRoutes.Build(ServiceCatalog.Parse(GeneralBeforeSpecific), Configuration());

        var events = routes.Single(r => r.Match.Path == "/api/executions/{id}/events/{**rest}");
        var executions = routes.Single(r => r.Match.Path == "/api/executions/{**rest}");
        Assert.Multiple(() =>
        {
            Assert.That(events.ClusterId, Is.EqualTo("ingest"));
            Assert.That(executions.ClusterId, Is.EqualTo("execution-tree"));
            Assert.That(events.Order!.Value, Is.LessThan(executions.Order!.Value), "YARP tries the lower order first");
        });
    }

    [Test]
    public void Should_make_one_cluster_per_service_with_routes_at_its_local_port_by_default()
    {
        var (_, clusters) = ServiceRoutes.Build(ServiceCatalog.Parse(GeneralBeforeSpecific), Configuration());

        Assert.That(clusters.ToDictionary(c => c.ClusterId, c => c.Destinations!.Single().Value.Address), Is.EqualTo(new Dictionary<string, string>
        {
            ["execution-tree"] = "http://127.0.0.1:8082/",
            ["ingest"] = "http://127.0.0.1:8081/",
        }));
    }

    [Test]
    public void Should_take_a_service_s_address_from_configuration()
    {
        var (_, clusters) = ServiceRoutes.Build(ServiceCatalog.Parse(GeneralBeforeSpecific),
            Configuration(("Mesh:Services:ingest:Address", "http://mesh-ingest/")));

        Assert.That(clusters.Single(c => c.ClusterId == "ingest").Destinations!.Single().Value.Address, Is.EqualTo("http://mesh-ingest/"));
    }

    [Test]
    public void Should_refuse_an_address_for_a_service_the_catalog_does_not_list()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ServiceRoutes.Build(ServiceCatalog.Parse(GeneralBeforeSpecific),
            Configuration(("Mesh:Services:execution_tree:Address", "http://mesh-execution-tree/"))));

        Assert.That(error!.Message, Does.Contain("Mesh:Services:execution_tree"));
    }

    [Test]
    public void Should_refuse_an_address_that_is_not_an_http_url()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ServiceRoutes.Build(ServiceCatalog.Parse(GeneralBeforeSpecific),
            Configuration(("Mesh:Services:ingest:Address", "mesh-ingest:80"))));

        Assert.That(error!.Message, Does.Contain("Mesh:Services:ingest:Address"));
    }

    [TestCase("ingest 8081 services/Spinnaker.Mesh.Ingest", "line 1")]
    [TestCase("ingest eighty services/Spinnaker.Mesh.Ingest /api/ingest", "port 'eighty'")]
    [TestCase("ingest 8081 services/Spinnaker.Mesh.Ingest api/ingest", "'api/ingest'")]
    [TestCase("ingest 8081 services/Spinnaker.Mesh.Ingest /api/ingest/", "'/api/ingest/'")]
    public void Should_name_the_fault_of_a_malformed_line(string line, string named)
    {
        var error = Assert.Throws<FormatException>(() => ServiceCatalog.Parse([line]));

        Assert.That(error!.Message, Does.Contain(named));
    }

    [TestCase("a 8081 services/A /api/a", "b 8082 services/B /api/a", "route prefix '/api/a'")]
    [TestCase("a 8081 services/A /api/a", "a 8082 services/B /api/b", "name 'a'")]
    [TestCase("a 8081 services/A /api/a", "b 8081 services/B /api/b", "port '8081'")]
    public void Should_refuse_two_lines_that_claim_the_same(string first, string second, string named)
    {
        var error = Assert.Throws<FormatException>(() => ServiceCatalog.Parse([first, second]));

        Assert.That(error!.Message, Does.Contain(named));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
}
