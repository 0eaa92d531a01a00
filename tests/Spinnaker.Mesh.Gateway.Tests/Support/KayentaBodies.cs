using System.Text.Json.Nodes;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Gateway.Tests.Support;

/// <summary>
/// Kayenta canary execution statuses (<c>GET /canary/{id}</c>) written for these tests after the shared
/// <c>kayenta/canary-execution-status.*.json</c> fixtures, in the current shape (stats with <c>std</c>, <c>critical</c>,
/// <c>muted</c>). Metric values Kayenta could not compute are the strings <c>"NaN"</c> and <c>"Infinity"</c>, as
/// Jackson writes them, and text a serializer would escape differently catches a gateway that re-serialized the body.
/// </summary>
internal static class KayentaBodies
{
    public const string CanaryExecutionId = "01HXWJRPAW82VSPQWCAQG7CF75";

    /// <summary>A finished, successful canary: score 93.1, Pass; one metric's ratio and control mean are NaN, another's ratio is Infinity.</summary>
    public const string Succeeded = """
        {"application":"checkout","parentPipelineExecutionId":"01HXWHX6R3HFD8E84SY7VMEQQ9","pipelineId":"01HXWJRPAW82VSPQWCAQG7CF75",
         "stageStatus":{"setupContext":"succeeded","fetchControl0":"succeeded","fetchExperiment0":"succeeded","mixMetrics":"succeeded","judge":"succeeded"},
         "complete":true,"status":"succeeded","canaryConfigId":"a6dae44a-513f-45a9-95b2-22c1e098662f","metricSetPairListId":"6b1f0e6c-3c0e-4d53-9f0c-0d7a4c2e9b11",
         "config":{"name":"checkout-api «latency»","applications":["checkout"],"judge":{"name":"NetflixACAJudge-v1.0","judgeConfigurations":{}},
           "classifier":{"groupWeights":{"latency":60,"errors":40},"scoreThresholds":{"pass":90,"marginal":75}}},
         "result":{"judgeResult":{"judgeName":"NetflixACAJudge-v1.0",
           "results":[
             {"name":"p99 latency","id":"2fdb4816-923e-4b05-a496-12ff7d1ca119","tags":{},"classification":"Pass","groups":["latency"],
              "experimentMetadata":{"stats":{"count":60,"mean":0.1875,"min":0.15,"max":0.25,"std":0.0213}},
              "controlMetadata":{"stats":{"count":60,"mean":0.1801,"min":0.14,"max":0.24,"std":0.0199}},
              "resultMetadata":{"ratio":1.0410883},"critical":false,"muted":false},
             {"name":"5xx rate","id":"c1b6b0f2-6a1c-4b9e-8d47-5b8a3f0e2d19","tags":{"code":"5xx"},"classification":"Nodata",
              "classificationReason":"Control has no data \u2014 0 of 60 points","groups":["errors"],
              "experimentMetadata":{"stats":{"count":0,"mean":"NaN","min":"NaN","max":"NaN","std":"NaN"}},
              "controlMetadata":{"stats":{"count":0,"mean":"NaN","min":"NaN","max":"NaN","std":"NaN"}},
              "resultMetadata":{"ratio":"NaN"},"critical":false,"muted":false},
             {"name":"4xx rate","id":"9a3e5d71-0f2b-4c8a-b6e4-7d1c2e3f4a5b","tags":{},"classification":"High","groups":["errors"],
              "experimentMetadata":{"stats":{"count":60,"mean":0.02,"min":0.0,"max":0.05,"std":0.01}},
              "controlMetadata":{"stats":{"count":60,"mean":0.0,"min":0.0,"max":0.0,"std":0.0}},
              "resultMetadata":{"ratio":"Infinity"},"critical":false,"muted":true}],
           "groupScores":[{"name":"latency","score":100.0,"classification":"","classificationReason":""},
                          {"name":"errors","score":82.75,"classification":"","classificationReason":""}],
           "score":{"score":93.1,"classification":"Pass","classificationReason":""}},
           "canaryDuration":"PT15M"},
         "buildTimeMillis":1715724901000,"buildTimeIso":"2024-05-14T22:15:01Z","startTimeMillis":1715724901010,"startTimeIso":"2024-05-14T22:15:01.010Z",
         "endTimeMillis":1715724940300,"endTimeIso":"2024-05-14T22:15:40.300Z","storageAccountName":"kayenta-gcs","metricsAccountName":"prometheus-prod"}
        """;

    /// <summary>A canary still running: no result yet.</summary>
    public const string Running = """
        {"application":"checkout","parentPipelineExecutionId":"01HXWHX6R3HFD8E84SY7VMEQQ9","pipelineId":"01HXWKND2W5NRWRHPV3D401ADS",
         "stageStatus":{"setupContext":"succeeded","fetchControl0":"running","fetchExperiment0":"running","mixMetrics":"not_started","judge":"not_started"},
         "complete":false,"status":"running","canaryConfigId":"a6dae44a-513f-45a9-95b2-22c1e098662f","storageAccountName":"kayenta-gcs"}
        """;

    /// <summary><see cref="Succeeded"/> with a change applied (re-serialized: only for bodies that must be refused).</summary>
    public static string SucceededWith(Action<JsonObject> change)
    {
        var root = JsonNode.Parse(Succeeded)!.AsObject();
        change(root);
        return root.ToJsonString();
    }

    public static JsonObject Score(this JsonObject status) => status["result"]!["judgeResult"]!["score"]!.AsObject();

    public static JsonObject JudgeResult(this JsonObject status) => status["result"]!["judgeResult"]!.AsObject();

    /// <summary>The shared fixtures' <c>kayenta</c> folder, or null where the fixtures are absent.</summary>
    public static string? FixtureFolder => EchoFixtures.Root is { } root && Directory.Exists(Path.Combine(root, "kayenta")) ? Path.Combine(root, "kayenta") : null;
}
