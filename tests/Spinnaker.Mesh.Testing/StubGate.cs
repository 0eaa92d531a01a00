using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace Spinnaker.Mesh.Testing;

/// <summary>
/// Spinnaker Gate on 127.0.0.1 (WireMock.Net) for the service's specs: <c>POST /pipelines/{application}/{pipeline}</c>
/// answers each pipeline's scripted answers in turn (then 202 with <c>{"ref":"/pipelines/&lt;id&gt;"}</c>), and
/// <c>GET /applications/{application}/pipelines</c> lists the executions the spec put there, with
/// <c>trigger.meshDecisionId</c>. Every start is counted when it arrives, before any delay: a start whose answer is
/// held back (a call under way when the service is killed) counts too.
/// </summary>
public sealed class StubGate : IDisposable
{
    /// <summary>The bearer token the service is configured with: it must never show up in logs, events or answers.</summary>
    public const string Token = "gate-token-5d1e6f0a9b2c4d7e";

    private readonly WireMockServer _server;
    private readonly ConcurrentQueue<StartRequest> _starts = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<StartAnswer>> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _executions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    private StubGate()
    {
        _server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort.Next()}"], StartAdminInterface = false });
        _server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/pipelines/*")).UsingPost())
            .RespondWith(Response.Create().WithCallback(StartAsync));
        _server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/applications/*/pipelines")).UsingGet())
            .RespondWith(Response.Create().WithCallback(List));
    }

    public static StubGate Start() => new();

    public string BaseUrl => _server.Urls[0];

    /// <summary>The service's settings for this Gate, bearer-authenticated.</summary>
    public IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Mesh__Gate__BaseUrl"] = BaseUrl,
        ["Mesh__Gate__Auth__Mode"] = "bearer",
        ["Mesh__Gate__Auth__Token"] = Token,
    };

    /// <summary>The starts that reached Gate for <paramref name="pipeline"/>, in arrival order.</summary>
    public IReadOnlyList<StartRequest> StartsOf(string pipeline) => [.. _starts.Where(s => s.Pipeline == pipeline)];

    public IReadOnlyList<StartRequest> Starts => [.. _starts];

    /// <summary>How the next starts of <paramref name="pipeline"/> are answered, one answer per start.</summary>
    public StubGate Answers(string pipeline, params StartAnswer[] answers)
    {
        var script = _scripts.GetOrAdd(pipeline, _ => new ConcurrentQueue<StartAnswer>());
        foreach (var answer in answers) script.Enqueue(answer);
        return this;
    }

    /// <summary>Puts an execution Mesh started for <paramref name="decisionId"/> into the application's list.</summary>
    public StubGate Lists(string executionId, string pipeline, string decisionId, string status = "RUNNING")
    {
        _executions[executionId] = new JsonObject
        {
            ["id"] = executionId,
            ["name"] = pipeline,
            ["pipelineConfigId"] = "cfg-" + pipeline.Replace(' ', '-'),
            ["status"] = status,
            ["startTime"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ["trigger"] = new JsonObject
            {
                ["type"] = "manual",
                ["user"] = "spinnaker-mesh",
                ["meshDecisionId"] = decisionId,
                ["parameters"] = new JsonObject { ["meshDecisionId"] = decisionId },
            },
        };
        return this;
    }

    private async Task<IResponseMessage> StartAsync(IRequestMessage request)
    {
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var pipeline = Uri.UnescapeDataString(segments[^1]);
        var authorization = request.Headers?.FirstOrDefault(h => string.Equals(h.Key, "Authorization", StringComparison.OrdinalIgnoreCase)).Value;
        _starts.Enqueue(new StartRequest(Uri.UnescapeDataString(segments[^2]), pipeline,
            JsonNode.Parse(request.Body ?? "{}")!.AsObject(), authorization is null ? null : string.Join(",", authorization)));

        var answer = _scripts.TryGetValue(pipeline, out var script) && script.TryDequeue(out var next)
            ? next
            : StartAnswer.Started($"01HX{Guid.NewGuid():N}"[..26].ToUpperInvariant());
        // Held back as long as the spec needs (bounded): the caller may be killed meanwhile.
        if (answer.Delay > TimeSpan.Zero)
            await Task.Delay(answer.Delay, _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        return Json(answer.Status, answer.Body);
    }

    private IResponseMessage List(IRequestMessage request) =>
        Json(200, new JsonArray([.. _executions.Values.Select(e => (JsonNode)e.DeepClone())]).ToJsonString());

    private static ResponseMessage Json(int status, string body)
    {
        var message = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = System.Text.Encoding.UTF8 },
        };
        message.AddHeader("Content-Type", "application/json");
        return message;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _server.Stop();
        _server.Dispose();
        _stopping.Dispose();
    }
}

/// <summary>A start as Gate received it.</summary>
public sealed record StartRequest(string Application, string Pipeline, JsonObject Body, string? Authorization);

/// <summary>One answer to a start: status, body, and how long it is held back.</summary>
public sealed record StartAnswer(int Status, string Body, TimeSpan Delay)
{
    public static StartAnswer Started(string executionId, TimeSpan? delay = null) =>
        new(202, $$"""{"ref":"/pipelines/{{executionId}}"}""", delay ?? TimeSpan.Zero);

    public static StartAnswer Unavailable() => new(503, """{"error":"Service Unavailable","message":"no healthy upstream"}""", TimeSpan.Zero);

    public static StartAnswer BadRequest(string message) =>
        new(400, JsonSerializer.Serialize(new { error = "Bad Request", message, status = 400 }), TimeSpan.Zero);
}
