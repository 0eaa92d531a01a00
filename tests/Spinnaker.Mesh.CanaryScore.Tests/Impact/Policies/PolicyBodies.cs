using System.Text.Json.Nodes;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Policies;

/// <summary>Policy bodies as a client sends them; each spec changes the member it is about.</summary>
internal static class PolicyBodies
{
    public const string P99Latency =
        "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{app=\"${application}\",namespace=\"${namespace}\"}[1m])) by (le))";

    public const string ErrorRate =
        "sum(rate(http_requests_total{app=\"${application}\",code=~\"5..\"}[1m])) / sum(rate(http_requests_total{app=\"${application}\"}[1m]))";

    /// <summary>The example: production namespace <c>prod</c>, p99 latency and error rate, both bad when they rise.</summary>
    public static JsonObject Valid() => new()
    {
        ["source"] = "prometheus",
        ["productionAccounts"] = new JsonArray("prod-us"),
        ["productionNamespaces"] = new JsonArray("prod"),
        ["settle"] = "00:05:00",
        ["window"] = "00:30:00",
        ["step"] = "00:00:30",
        ["slis"] = new JsonArray(
            new JsonObject { ["name"] = "p99 latency", ["query"] = P99Latency, ["badDirection"] = "increase", ["critical"] = false, ["allowedChangePercent"] = 10 },
            new JsonObject { ["name"] = "error rate", ["query"] = ErrorRate, ["badDirection"] = "increase", ["critical"] = true, ["allowedChangePercent"] = 0 }),
    };

    /// <summary><see cref="Valid"/> with <paramref name="change"/> applied.</summary>
    public static JsonObject With(Action<JsonObject> change)
    {
        var body = Valid();
        change(body);
        return body;
    }

    public static JsonObject Sli(JsonObject body, int index) => body["slis"]!.AsArray()[index]!.AsObject();
}
