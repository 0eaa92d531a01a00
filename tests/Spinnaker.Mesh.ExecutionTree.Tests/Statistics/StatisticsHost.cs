using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Spinnaker.Mesh.ExecutionTree.Statistics;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Statistics;

/// <summary>
/// The statistics endpoints on Kestrel at 127.0.0.1 and a free port, registered the way the service registers them
/// (<see cref="StatisticsModule.AddStatistics"/> beside an <see cref="NpgsqlDataSource"/>), answering real HTTP.
/// </summary>
public sealed class StatisticsHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private StatisticsHost(WebApplication app, Uri address)
    {
        _app = app;
        _client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public static async Task<StatisticsHost> StartAsync(NpgsqlDataSource db)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(db);
        builder.Services.AddStatistics();
        var app = builder.Build();
        app.MapStatisticsEndpoints();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StartAsync(timeout.Token);
        return new StatisticsHost(app, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>GET as <paramref name="tenant"/> (the header the gateway sets); the status and the parsed JSON body.</summary>
    public async Task<(HttpStatusCode Status, string? ContentType, JsonNode Body)> GetAsync(string pathAndQuery, string tenant = StatisticsSpec.Tenant)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Add(MeshTenant.Header, tenant);
        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, JsonNode.Parse(body)!);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
