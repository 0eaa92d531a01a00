using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Spinnaker.Mesh.Gateway;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Gateway.Tests.Support;

/// <summary>
/// The real gateway (the same <see cref="GatewayApp"/> Program.cs runs) on Kestrel at 127.0.0.1 and a free port,
/// configured through command-line arguments exactly as an operator would, and driven over HTTP.
/// </summary>
internal sealed class GatewayServer : IAsyncDisposable
{
    public const string Token = "gateway-test-token";
    public const string Tenant = "acme";
    public const string OtherToken = "gateway-other-token";
    public const string OtherTenant = "globex";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;

    private GatewayServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    /// <param name="rabbitMq">The AMQP URI for <c>ConnectionStrings:rabbitmq</c>.</param>
    /// <param name="settings">Further configuration, e.g. <c>("Mesh:Webhooks:MaxBodyBytes", "1024")</c>.</param>
    public static async Task<GatewayServer> StartAsync(string rabbitMq, params (string Key, string Value)[] settings)
    {
        var port = FreePort.Next();
        var args = new List<string>
        {
            $"--urls=http://127.0.0.1:{port}",
            $"--contentRoot={AppContext.BaseDirectory}",
            "--environment=Testing",
            $"--ConnectionStrings:rabbitmq={rabbitMq}",
            $"--Mesh:Webhooks:Tokens:0:Token={Token}",
            $"--Mesh:Webhooks:Tokens:0:Tenant={Tenant}",
            $"--Mesh:Webhooks:Tokens:1:Token={OtherToken}",
            $"--Mesh:Webhooks:Tokens:1:Tenant={OtherTenant}",
            "--Mesh:Broker:ReconnectInterval=00:00:01",
            "--Logging:LogLevel:Default=Warning",
        };
        args.AddRange(settings.Select(s => $"--{s.Key}={s.Value}"));

        var app = GatewayApp.Build([.. args]);
        using var timeout = new CancellationTokenSource(StartTimeout);
        await app.StartAsync(timeout.Token);
        return new GatewayServer(app, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>Waits (bounded) until /health/ready says the broker connection and exchange are in place.</summary>
    public Task WaitUntilReadyAsync() =>
        Eventually.GetAsync(async () =>
        {
            using var response = await Client.GetAsync("health/ready");
            return response.StatusCode;
        }, status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(20), "the gateway to be ready");

    /// <summary>POSTs a body the way Echo does: JSON, to the URL with the slash Echo appends.</summary>
    public Task<HttpResponseMessage> PostEchoAsync(string json, string path = "webhooks/echo/", string? bearer = Token) =>
        SendAsync(path, Json(json), bearer is null ? null : new AuthenticationHeaderValue("Bearer", bearer));

    /// <summary>POSTs a Kayenta canary execution status as JSON.</summary>
    public Task<HttpResponseMessage> PostKayentaAsync(string json, string path = "webhooks/kayenta", string? bearer = Token) =>
        SendAsync(path, Json(json), bearer is null ? null : new AuthenticationHeaderValue("Bearer", bearer));

    /// <summary>POSTs JSON to a webhook with the bearer token (when given) and further headers, as GitHub or GitLab would.</summary>
    public Task<HttpResponseMessage> PostWebhookAsync(string path, string json, string? bearer = Token, params (string Name, string Value)[] headers) =>
        SendAsync(path, Json(json), bearer is null ? null : new AuthenticationHeaderValue("Bearer", bearer), headers);

    public async Task<HttpResponseMessage> SendAsync(string path, HttpContent content, AuthenticationHeaderValue? authorization,
        params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = authorization;
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await Client.SendAsync(request);
    }

    /// <summary>The setting that points the gateway's routes for a catalog service at <paramref name="address"/>.</summary>
    public static (string Key, string Value) ServiceAt(string service, Uri address) => ($"Mesh:Services:{service}:Address", address.ToString());

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
