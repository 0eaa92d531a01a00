using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Gateway.Tests.Support;

/// <summary>
/// A stand-in for a service behind the gateway, on 127.0.0.1 and a free port: it answers every request with what it
/// received (path, every X-Mesh-Tenant value, whether a token came along) and counts requests.
/// </summary>
internal sealed class FakeDestination : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private FakeDestination(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<FakeDestination> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var destination = new FakeDestination(app, new Uri($"http://127.0.0.1:{port}/"));
        app.Run(context =>
        {
            Interlocked.Increment(ref destination._requests);
            return context.Response.WriteAsJsonAsync(new ReceivedRequest(
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers["X-Mesh-Tenant"].ToArray()!,
                context.Request.Headers.Authorization.Count > 0));
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StartAsync(timeout.Token);
        return destination;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>What <see cref="FakeDestination"/> saw.</summary>
internal sealed record ReceivedRequest(string Path, string[] Tenants, bool HadAuthorization);
