using NUnit.Framework;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.EndToEnd.Tests;

/// <summary>
/// The whole path as a user runs it: a fresh database and virtual host, every workload of services.catalog as its own
/// process on 127.0.0.1 (the gateway last, pointed at the others), driven over HTTP with Echo-shaped bodies.
/// </summary>
public sealed class MeshUnderTest : IAsyncDisposable
{
    public const string DevToken = "mesh-local-dev-token";
    public const string OtherTenantToken = "e2e-other-tenant-token";

    private TestPostgres _postgres = null!;
    private readonly List<MeshProcess> _processes = [];

    public TestRabbitMq RabbitMq { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    /// <param name="settings">Extra environment variables per workload (by catalog name), e.g. the rollback service's Gate.</param>
    public static async Task<MeshUnderTest> StartAsync(IReadOnlyDictionary<string, Dictionary<string, string>>? settings = null)
    {
        var mesh = new MeshUnderTest { _postgres = await TestPostgres.CreateAsync(), RabbitMq = await TestRabbitMq.CreateAsync() };
        var infrastructure = new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = mesh._postgres.ConnectionString,
            ["ConnectionStrings__rabbitmq"] = mesh.RabbitMq.ConnectionString,
        };
        var gatewayEnvironment = new Dictionary<string, string>(infrastructure)
        {
            ["Mesh__Webhooks__Tokens__0__Token"] = DevToken,
            ["Mesh__Webhooks__Tokens__0__Tenant"] = "default",
            ["Mesh__Webhooks__Tokens__1__Token"] = OtherTenantToken,
            ["Mesh__Webhooks__Tokens__1__Tenant"] = "other",
        };
        // In catalog order, before the gateway: ingest declares the queue the gateway's exchange feeds, so the gateway's
        // first publish is routable.
        foreach (var service in MeshCatalog.BehindGateway)
        {
            var environment = new Dictionary<string, string>(infrastructure);
            if (settings?.GetValueOrDefault(service.Name) is { } own)
                foreach (var (key, value) in own) environment[key] = value;
            var process = await service.StartAsync(environment);
            mesh._processes.Add(process);
            gatewayEnvironment[service.AddressVariable] = process.BaseAddress.ToString();
        }
        var gateway = await MeshCatalog.Gateway.StartAsync(gatewayEnvironment);
        mesh._processes.Add(gateway);
        mesh.Http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        return mesh;
    }

    public string Logs => string.Join("\n", _processes.Select(p => $"--- {p.Name} ---\n{p.Output}"));

    /// <summary>POSTs an Echo body to the webhook endpoint as Echo does (trailing slash, JSON with charset).</summary>
    public Task<HttpResponseMessage> PostEchoAsync(string body, string token = DevToken) => SendAsync(HttpMethod.Post, "webhooks/echo/", body, token);

    /// <summary>POSTs and returns the receipt id of the 202.</summary>
    public async Task<Guid> AcceptAsync(string body, string token = DevToken)
    {
        using var response = await PostEchoAsync(body, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(202), text);
        return JsonDocument.Parse(text).RootElement.GetProperty("receiptId").GetGuid();
    }

    /// <summary>A request with the token, a JSON body when given, and extra headers (e.g. <c>X-Mesh-User</c>).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, string token = DevToken,
        params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        return await Http.SendAsync(request);
    }

    /// <summary>POSTs a JSON body (a Kayenta status to <c>webhooks/kayenta</c>, a remote judge request, …) with the token.</summary>
    public Task<HttpResponseMessage> PostJsonAsync(string path, string body, string token = DevToken) => SendAsync(HttpMethod.Post, path, body, token);

    /// <summary>PUTs a JSON document (the DORA settings, a policy, …) with the token.</summary>
    public Task<HttpResponseMessage> PutJsonAsync(string path, string body, string token = DevToken) => SendAsync(HttpMethod.Put, path, body, token);

    public Task<HttpResponseMessage> GetAsync(string path, string token = DevToken) => SendAsync(HttpMethod.Get, path, token: token);

    public Task<HttpResponseMessage> PostAsync(string path, string token = DevToken) => SendAsync(HttpMethod.Post, path, token: token);

    public async Task<JsonElement> GetJsonAsync(string path, string token = DevToken)
    {
        using var response = await GetAsync(path, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Waits (bounded) until ingest processed a receipt, and returns its outcome.</summary>
    public async Task<JsonElement> ProcessedAsync(Guid receiptId, string token = DevToken) =>
        await Eventually.GetAsync(async () =>
        {
            using var response = await GetAsync($"api/ingest/receipts/{receiptId}", token);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : (JsonElement?)null;
        }, outcome => outcome is not null, TimeSpan.FromSeconds(20), $"receipt {receiptId} to be processed\n{Logs}") ?? default;

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        // The gateway first, then the services in reverse start order.
        for (var i = _processes.Count - 1; i >= 0; i--) await _processes[i].DisposeAsync();
        await RabbitMq.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}
