using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using NUnit.Framework;
using Spinnaker.Mesh.Gateway.Tests.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Gateway.Tests;

/// <summary>The routes of the shipped appsettings.json, with only the ingest destination pointed at a fake service.</summary>
public sealed class When_an_api_request_goes_through_the_gateway
{
    private TestRabbitMq _rabbitMq = null!;
    private FakeDestination _ingest = null!;
    private GatewayServer _gateway = null!;

    [OneTimeSetUp]
    public async Task StartGatewayInFrontOfAFakeIngest()
    {
        _rabbitMq = await TestRabbitMq.CreateAsync();
        _ingest = await FakeDestination.StartAsync();
        _gateway = await GatewayServer.StartAsync(_rabbitMq.ConnectionString,
            ("ReverseProxy:Clusters:ingest:Destinations:ingest:Address", _ingest.Address.ToString()));
    }

    [OneTimeTearDown]
    public async Task StopAll()
    {
        await _gateway.DisposeAsync();
        await _ingest.DisposeAsync();
        await _rabbitMq.DisposeAsync();
    }

    [Test]
    public async Task Should_forward_execution_routes_with_the_tenant_of_the_token()
    {
        var received = await GetAsync("api/executions/01K7ZQ3V9D5YB8E2M4N6P8R0TA/events?after=3", new("Bearer", GatewayServer.Token));

        Assert.Multiple(() =>
        {
            Assert.That(received.Path, Is.EqualTo("/api/executions/01K7ZQ3V9D5YB8E2M4N6P8R0TA/events?after=3"));
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
        var before = _ingest.Requests;
        using var response = await _gateway.Client.GetAsync("api/executions/x/events");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.That(_ingest.Requests, Is.EqualTo(before), "the request reached the service");
    }

    [Test]
    public async Task Should_answer_401_with_a_wrong_token_and_not_forward()
    {
        var before = _ingest.Requests;
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/ingest/rejections");
        request.Headers.Authorization = new("Bearer", "not-a-token");
        request.Headers.Add("X-Mesh-Tenant", GatewayServer.Tenant);
        using var response = await _gateway.Client.SendAsync(request);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.That(_ingest.Requests, Is.EqualTo(before), "the request reached the service");
    }

    [Test]
    public async Task Should_answer_404_as_problem_json_for_an_unknown_route()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/nothing-here");
        request.Headers.Authorization = new("Bearer", GatewayServer.Token);
        using var response = await _gateway.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

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
