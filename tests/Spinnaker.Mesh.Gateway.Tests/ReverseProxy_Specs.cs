using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using NUnit.Framework;
using Spinnaker.Mesh.Gateway.Tests.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Gateway.Tests;

/// <summary>
/// The routes the gateway builds from services.catalog, with every service that owns a prefix pointed at a fake
/// service of its own (Mesh:Services:&lt;name&gt;:Address), so each request shows which service it reached.
/// </summary>
public sealed class When_an_api_request_goes_through_the_gateway
{
    private const string ExecutionId = "01K7ZQ3V9D5YB8E2M4N6P8R0TA";

    private TestRabbitMq _rabbitMq = null!;
    private Dictionary<string, FakeDestination> _services = null!;
    private GatewayServer _gateway = null!;

    private FakeDestination Ingest => _services["ingest"];

    [OneTimeSetUp]
    public async Task StartGatewayInFrontOfAFakeOfEveryService()
    {
        _rabbitMq = await TestRabbitMq.CreateAsync();
        _services = [];
        foreach (var service in MeshCatalog.Services.Where(s => s.RoutePrefixes.Count > 0))
            _services[service.Name] = await FakeDestination.StartAsync();
        _gateway = await GatewayServer.StartAsync(_rabbitMq.ConnectionString,
            [.. _services.Select(s => GatewayServer.ServiceAt(s.Key, s.Value.Address))]);
    }

    [OneTimeTearDown]
    public async Task StopAll()
    {
        await _gateway.DisposeAsync();
        foreach (var service in _services.Values) await service.DisposeAsync();
        await _rabbitMq.DisposeAsync();
    }

    private static IEnumerable<TestCaseData> CatalogPrefixes() =>
        MeshCatalog.Services.SelectMany(service => service.RoutePrefixes.Select(prefix =>
            new TestCaseData(service.Name, prefix).SetArgDisplayNames(service.Name, prefix)));

    [TestCaseSource(nameof(CatalogPrefixes))]
    public async Task Should_forward_a_catalog_prefix_and_everything_below_it_to_the_service_that_owns_it(string service, string prefix)
    {
        var path = prefix.Replace("{id}", ExecutionId, StringComparison.Ordinal);
        foreach (var request in new[] { path, path + "/below/it?limit=5" })
        {
            var before = RequestCounts();
            var received = await GetAsync(request.TrimStart('/'), new("Bearer", GatewayServer.Token));

            Assert.That(received.Path, Is.EqualTo(request));
            Assert.That(Reached(before), Is.EqualTo(new[] { service }), $"GET {request}");
        }
    }

    [TestCase("api/executions", "execution-tree")]
    [TestCase("api/executions/" + ExecutionId, "execution-tree")]
    [TestCase("api/executions/" + ExecutionId + "/events?after=3", "ingest")]
    [TestCase("api/executions/" + ExecutionId + "/tree", "execution-tree")]
    public async Task Should_send_a_path_under_two_prefixes_to_the_more_specific_one(string path, string owner)
    {
        var before = RequestCounts();
        await GetAsync(path, new("Bearer", GatewayServer.Token));

        Assert.That(Reached(before), Is.EqualTo(new[] { owner }));
    }

    [Test]
    public async Task Should_forward_execution_routes_with_the_tenant_of_the_token()
    {
        var received = await GetAsync($"api/executions/{ExecutionId}/events?after=3", new("Bearer", GatewayServer.Token));

        Assert.Multiple(() =>
        {
            Assert.That(received.Path, Is.EqualTo($"/api/executions/{ExecutionId}/events?after=3"));
            Assert.That(received.Tenants, Is.EqualTo(new[] { GatewayServer.Tenant }));
        });
    }

    [Test]
    public async Task Should_forward_ingest_routes_with_basic_auth()
    {
        var received = await GetAsync("api/ingest/rejections", GatewayServer.Basic("anyone", GatewayServer.OtherToken));

        Assert.Multiple(() =>
        {
            Assert.That(received.Path, Is.EqualTo("/api/ingest/rejections"));
            Assert.That(received.Tenants, Is.EqualTo(new[] { GatewayServer.OtherTenant }));
        });
    }

    [Test]
    public async Task Should_replace_a_tenant_header_sent_by_the_caller()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/executions/x/events");
        request.Headers.Authorization = new("Bearer", GatewayServer.Token);
        request.Headers.Add("X-Mesh-Tenant", [GatewayServer.OtherTenant, "someone-else"]);

        var received = await SendAsync(request);

        Assert.That(received.Tenants, Is.EqualTo(new[] { GatewayServer.Tenant }));
    }

    [Test]
    public async Task Should_keep_the_token_at_the_gateway()
    {
        var received = await GetAsync("api/executions/x/events", new("Bearer", GatewayServer.Token));

        Assert.That(received.HadAuthorization, Is.False);
    }

    [Test]
    public async Task Should_answer_401_without_a_token_and_not_forward()
    {
        var before = RequestCounts();
        using var response = await _gateway.Client.GetAsync("api/executions/x/events");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.That(Reached(before), Is.Empty, "the request reached a service");
    }

    [Test]
    public async Task Should_answer_401_with_a_wrong_token_and_not_forward()
    {
        var before = Ingest.Requests;
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/ingest/rejections");
        request.Headers.Authorization = new("Bearer", "not-a-token");
        request.Headers.Add("X-Mesh-Tenant", GatewayServer.Tenant);
        using var response = await _gateway.Client.SendAsync(request);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.That(Ingest.Requests, Is.EqualTo(before), "the request reached the service");
    }

    [TestCase("api/nothing-here")]
    [TestCase("api/ingestion")]
    public async Task Should_answer_404_as_problem_json_for_a_path_no_service_owns(string path)
    {
        var before = RequestCounts();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", GatewayServer.Token);
        using var response = await _gateway.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(Reached(before), Is.Empty, "the request reached a service");
    }

    private Dictionary<string, int> RequestCounts() => _services.ToDictionary(s => s.Key, s => s.Value.Requests);

    /// <summary>The services whose request count moved since <paramref name="before"/>.</summary>
    private string[] Reached(Dictionary<string, int> before) =>
        [.. _services.Where(s => s.Value.Requests != before[s.Key]).Select(s => s.Key)];

    private async Task<ReceivedRequest> GetAsync(string path, AuthenticationHeaderValue authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = authorization;
        return await SendAsync(request);
    }

    private async Task<ReceivedRequest> SendAsync(HttpRequestMessage request)
    {
        using var response = await _gateway.Client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ReceivedRequest>())!;
    }
}
