using Spinnaker.Mesh.Testing;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Support;

/// <summary>
/// A stand-in for a Prometheus-compatible API on 127.0.0.1 (WireMock.Net) for what a real Prometheus cannot show:
/// the headers a source sends, and answers such as 503 or 401 counted request by request.
/// </summary>
internal sealed class PrometheusStub : IDisposable
{
    public const string EmptyMatrix = """{"status":"success","data":{"resultType":"matrix","result":[]}}""";
    public const string EmptyVector = """{"status":"success","data":{"resultType":"vector","result":[]}}""";

    private PrometheusStub(WireMockServer server) => Server = server;

    public WireMockServer Server { get; }
    public string BaseUrl => Server.Urls[0];

    public static PrometheusStub Start() =>
        new(WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort.Next()}"], StartAdminInterface = false }));

    /// <summary>Answers GETs of paths matching <paramref name="pathPattern"/> (wildcards) with a status and body.</summary>
    public PrometheusStub Answers(string pathPattern, int status, string body, int delayMs = 0)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        if (delayMs > 0) response = response.WithDelay(delayMs);
        Server.Given(Request.Create().WithPath(new WildcardMatcher(pathPattern)).UsingGet()).RespondWith(response);
        return this;
    }

    public IReadOnlyList<IRequestMessage> Requests => [.. Server.LogEntries.Select(e => e.RequestMessage!)];

    public static string Header(IRequestMessage request, string name) =>
        request.Headers is { } headers && headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)) is { Value: { } values }
            ? string.Join(",", values)
            : "";

    public static string Query(IRequestMessage request, string name) =>
        request.Query is { } query && query.TryGetValue(name, out var values) && values is not null ? string.Join(",", values) : "";

    public void Dispose() => Server.Stop();
}
