using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spinnaker.Mesh.Contracts.Kayenta.V1;

namespace Spinnaker.Mesh.Testing;

/// <summary>
/// Kayenta canary execution statuses in the <c>GET /canary/{id}</c> shape (lower-case status, <c>result.judgeResult</c>,
/// <c>canaryExecutionRequest</c>, Jackson's <c>"NaN"</c> strings), written for these specs after Kayenta's
/// CanaryExecutionStatusResponse.
/// </summary>
public static class KayentaStatuses
{
    public sealed record Metric(string Name, string Classification, string? Reason = null, bool Critical = false, bool Muted = false, string Group = "latency");

    public static JsonObject Succeeded(
        string canaryExecutionId, double score, string application = "checkout", string? parentExecutionId = null,
        double pass = 90, double marginal = 75, string experimentScope = "checkout-api-canary-v012", string location = "us-east-1",
        DateTimeOffset? endTime = null, string configId = "a6dae44a-513f-45a9-95b2-22c1e098662f", string configName = "checkout-latency",
        IReadOnlyList<Metric>? metrics = null, IReadOnlyDictionary<string, double>? groupScores = null, string classification = "Pass")
    {
        var status = Common(canaryExecutionId, "succeeded", application, parentExecutionId, pass, marginal, experimentScope, location,
            endTime ?? DateTimeOffset.Parse("2024-05-14T22:15:39.120Z", CultureInfo.InvariantCulture), configId, configName);
        var results = new JsonArray();
        foreach (var m in metrics ?? [new Metric("p99-latency", "Pass")])
        {
            var result = new JsonObject
            {
                ["name"] = m.Name,
                ["id"] = Guid.NewGuid().ToString(),
                ["classification"] = m.Classification,
                ["groups"] = new JsonArray(m.Group),
                ["experimentMetadata"] = new JsonObject { ["stats"] = new JsonObject { ["count"] = 15, ["mean"] = 0.21 } },
                ["controlMetadata"] = new JsonObject { ["stats"] = new JsonObject { ["count"] = 15, ["mean"] = 0.2 } },
                // Jackson writes a non-finite ratio as a string.
                ["resultMetadata"] = new JsonObject { ["ratio"] = m.Classification == "Nodata" ? "NaN" : 1.05 },
                ["critical"] = m.Critical,
                ["muted"] = m.Muted,
            };
            if (m.Reason is not null) result["classificationReason"] = m.Reason;
            results.Add(result);
        }
        var groups = new JsonArray();
        foreach (var (name, value) in groupScores ?? new Dictionary<string, double> { ["latency"] = score })
            groups.Add(new JsonObject { ["name"] = name, ["score"] = value, ["classification"] = "", ["classificationReason"] = "" });
        status["result"] = new JsonObject
        {
            ["parentPipelineExecutionId"] = parentExecutionId,
            ["judgeResult"] = new JsonObject
            {
                ["judgeName"] = "NetflixACAJudge-v1.0",
                ["results"] = results,
                ["groupScores"] = groups,
                ["score"] = new JsonObject { ["score"] = score, ["classification"] = classification, ["classificationReason"] = "" },
            },
            ["canaryDuration"] = "PT15M",
        };
        return status;
    }

    public static JsonObject Terminal(string canaryExecutionId, string application = "checkout", string error = "Either a resource type or a custom filter is required.")
    {
        var status = Common(canaryExecutionId, "terminal", application, null, 90, 75, "checkout-api-canary-v012", "us-east-1",
            DateTimeOffset.Parse("2024-05-14T22:15:02.887Z", CultureInfo.InvariantCulture), "a6dae44a-513f-45a9-95b2-22c1e098662f", "checkout-latency");
        status["exception"] = new JsonObject
        {
            ["timestamp"] = 1715724902802L,
            ["exceptionType"] = "IllegalArgumentException",
            ["operation"] = "prometheusFetch",
            ["details"] = new JsonObject
            {
                ["stackTrace"] = "java.lang.IllegalArgumentException: " + error,
                ["error"] = "Unexpected Task Failure",
                ["errors"] = new JsonArray(error),
            },
            ["shouldRetry"] = false,
        };
        return status;
    }

    public static JsonObject Running(string canaryExecutionId, string application = "checkout")
    {
        var status = Common(canaryExecutionId, "running", application, null, 90, 75, "checkout-api-canary-v012", "us-east-1", null,
            "a6dae44a-513f-45a9-95b2-22c1e098662f", "checkout-latency");
        status["complete"] = false;
        return status;
    }

    private static JsonObject Common(string id, string state, string application, string? parent, double pass, double marginal,
        string experimentScope, string location, DateTimeOffset? endTime, string configId, string configName)
    {
        JsonObject Scope(string scope) => new()
        {
            ["scope"] = scope,
            ["location"] = location,
            ["start"] = "2024-05-14T22:00:00Z",
            ["end"] = "2024-05-14T22:15:00Z",
            ["step"] = 60,
            ["extendedScopeParams"] = new JsonObject(),
        };
        var status = new JsonObject
        {
            ["application"] = application,
            ["parentPipelineExecutionId"] = parent,
            ["pipelineId"] = id,
            ["stageStatus"] = new JsonObject { ["judge"] = state == "terminal" ? "not_started" : state },
            ["complete"] = state != "running",
            ["status"] = state,
            ["config"] = new JsonObject
            {
                ["name"] = configName,
                ["applications"] = new JsonArray(application),
                ["judge"] = new JsonObject { ["name"] = "NetflixACAJudge-v1.0", ["judgeConfigurations"] = new JsonObject() },
                ["classifier"] = new JsonObject
                {
                    ["groupWeights"] = new JsonObject { ["latency"] = 100 },
                    ["scoreThresholds"] = new JsonObject { ["pass"] = 95, ["marginal"] = 80 },
                },
            },
            ["canaryConfigId"] = configId,
            ["canaryExecutionRequest"] = new JsonObject
            {
                ["scopes"] = new JsonObject
                {
                    ["default"] = new JsonObject { ["controlScope"] = Scope("checkout-api-baseline-v011"), ["experimentScope"] = Scope(experimentScope) },
                },
                ["thresholds"] = new JsonObject { ["pass"] = pass, ["marginal"] = marginal },
            },
            ["storageAccountName"] = "kayenta-gcs",
        };
        if (endTime is { } end)
        {
            status["endTimeMillis"] = end.ToUnixTimeMilliseconds();
            status["endTimeIso"] = end.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }
        return status;
    }

    /// <summary>The receipt the gateway publishes for a POSTed status, as the contract reads it.</summary>
    public static KayentaCanaryReported Receipt(JsonObject status, string tenant = "default", Guid? receiptId = null) =>
        new(receiptId ?? Guid.CreateVersion7(), tenant, DateTimeOffset.Parse("2024-05-14T22:16:00Z", CultureInfo.InvariantCulture),
            JsonSerializer.SerializeToElement(status));

    /// <summary>The raw message the gateway writes: <c>{"receiptId","tenant","receivedAt","status":&lt;body&gt;}</c>.</summary>
    public static byte[] RawMessage(Guid receiptId, string tenant, JsonObject status) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["receiptId"] = receiptId,
            ["tenant"] = tenant,
            ["receivedAt"] = DateTimeOffset.UtcNow,
            ["status"] = status.DeepClone(),
        });
}
