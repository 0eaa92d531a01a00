using System.Text.Json;
using Spinnaker.Mesh.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Spinnaker.Mesh.Rollback.Tests.Gate;

/// <summary>A stand-in for Spinnaker Gate on 127.0.0.1 (WireMock.Net), answering as Gate does and keeping every request.</summary>
internal sealed class GateStub : IDisposable
{
    private GateStub(WireMockServer server) => Server = server;

    public WireMockServer Server { get; }
    public string BaseUrl => Server.Urls[0];

    public static GateStub Start() =>
        new(WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort.Next()}"], StartAdminInterface = false }));

    /// <summary>Gate's answer to <c>POST /pipelines/{application}/{pipeline}</c>: 202 with Orca's ref.</summary>
    public GateStub AcceptsTriggers(string executionId = "01JEXEC0000000000000000001")
    {
        Server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/pipelines/*")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"ref":"/pipelines/{{executionId}}"}"""));
        return this;
    }

    public GateStub Answers(string method, string pathPattern, int status, string body = "", int delayMs = 0)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        if (delayMs > 0) response = response.WithDelay(delayMs);
        Server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher(pathPattern)).UsingMethod(method)).RespondWith(response);
        return this;
    }

    public IReadOnlyList<WireMock.IRequestMessage> Requests => [.. Server.LogEntries.Select(e => e.RequestMessage).OfType<WireMock.IRequestMessage>()];

    public WireMock.IRequestMessage Single()
    {
        var requests = Requests;
        NUnit.Framework.Assert.That(requests, NUnit.Framework.Has.Count.EqualTo(1), "requests Gate received");
        return requests[0];
    }

    public static string Header(WireMock.IRequestMessage request, string name) =>
        request.Headers is { } headers && headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)) is { Value: { } values }
            ? string.Join(",", values)
            : "";

    public static JsonElement Body(WireMock.IRequestMessage request) => JsonDocument.Parse(request.Body ?? "null").RootElement.Clone();

    public void Dispose() => Server.Stop();
}
