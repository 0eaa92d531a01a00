using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Rollback.Tests.Gate;

/// <summary>
/// Gate's x509 port as Kestrel on 127.0.0.1: TLS with the given server certificate, a client certificate required and
/// accepted only when it chains to <paramref name="clientCa"/> (WireMock can require a certificate but not check it
/// against a private CA). Answers a pipeline start as Gate does and records who started it.
/// </summary>
internal sealed class TlsGate : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TlsGate(WebApplication app, int port)
    {
        _app = app;
        BaseUrl = $"https://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }
    /// <summary>Subjects of the client certificates of the requests that reached the endpoint.</summary>
    public ConcurrentQueue<string> Callers { get; } = new();

    public static async Task<TlsGate> StartAsync(X509Certificate2 serverCertificate, TestPki clientCa)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = serverCertificate,
                ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                ClientCertificateValidation = (certificate, _, _) => clientCa.Issued(certificate),
            });
        }));
        var app = builder.Build();
        var gate = new TlsGate(app, port);
        app.MapPost("/pipelines/{application}/{pipeline}", (HttpContext http) =>
        {
            gate.Callers.Enqueue(http.Connection.ClientCertificate?.Subject ?? "(none)");
            return Results.Json(new Dictionary<string, string> { ["ref"] = "/pipelines/01JMTLS000000000000000001" }, statusCode: 202);
        });
        await app.StartAsync();
        return gate;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
