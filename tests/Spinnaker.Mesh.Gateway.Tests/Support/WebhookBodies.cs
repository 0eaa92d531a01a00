using System.Text;
using System.Text.Json.Nodes;

namespace Spinnaker.Mesh.Gateway.Tests.Support;

/// <summary>
/// Echo bodies written for these tests, shaped like what Orca sends through Echo (details + content with the full
/// execution). They include non-ASCII text and characters a serializer would escape differently, so a gateway that
/// re-serialized the body would be caught by the byte-for-byte comparisons.
/// </summary>
internal static class WebhookBodies
{
    /// <summary>An <c>orca:stage:starting</c> event as a current Echo sends it with <c>wrap: false</c>.</summary>
    public const string StageStarting = """
        {"details":{"source":"orca","type":"orca:stage:starting","created":"1760000000123","application":"billing","requestHeaders":{}},
         "content":{"standalone":false,"canceled":false,"context":{"account":"prod-k8s","cloudProvider":"kubernetes","note":"déploiement <prod> & \"quoted\" \u00e9"},
           "startTime":1760000000100,"endTime":null,"executionId":"01K7ZQ3V9D5YB8E2M4N6P8R0TA","stageId":"01K7ZQ3V9E7C1D3F5G7H9J1K2L",
           "isSynthetic":false,"name":"Deploy (Manifest)",
           "execution":{"type":"PIPELINE","id":"01K7ZQ3V9D5YB8E2M4N6P8R0TA","application":"billing","name":"Ship billing-api","status":"RUNNING",
             "startTime":1760000000050,"endTime":null,"canceled":false,"authentication":{"user":"zoë@example.com","allowedAccounts":["prod-k8s"]},
             "trigger":{"type":"manual","user":"zoë@example.com","parameters":{"tag":"2.4.1"},"artifacts":[],"other":{"type":"manual"}},
             "stages":[{"id":"01K7ZQ3V9E7C1D3F5G7H9J1K2L","refId":"1","type":"deployManifest","name":"Deploy (Manifest)","status":"RUNNING",
               "startTime":1760000000100,"endTime":null,"context":{"account":"prod-k8s"},"outputs":{},"tasks":[],"syntheticStageOwner":null,
               "parentStageId":null,"requisiteStageRefIds":[]}]}}}
        """;

    /// <summary>The same event padded (inside <c>content.context</c>) to exactly <paramref name="bytes"/> UTF-8 bytes.</summary>
    public static string StageStartingOfSize(int bytes)
    {
        const string marker = "\"account\":\"prod-k8s\",";
        var at = StageStarting.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var shell = StageStarting.Insert(at, "\"padding\":\"\",");
        var missing = bytes - Encoding.UTF8.GetByteCount(shell);
        if (missing < 0) throw new ArgumentOutOfRangeException(nameof(bytes), $"The smallest event is {bytes - missing} bytes.");
        return StageStarting.Insert(at, $"\"padding\":\"{new string('x', missing)}\",");
    }

    /// <summary>With <c>wrap: true</c>: <c>{"eventName": …, "payload": event}</c>.</summary>
    public static string Wrapped(string echoEvent) =>
        new JsonObject { ["eventName"] = "spinnaker_events", ["payload"] = JsonNode.Parse(echoEvent) }.ToJsonString();

    /// <summary>With <c>wrap: true</c> and <c>flatten: true</c>: the payload's details and content become JSON strings.</summary>
    public static string WrappedFlattened(string echoEvent) =>
        new JsonObject { ["eventName"] = "spinnaker_events", ["payload"] = JsonNode.Parse(Flattened(echoEvent)) }.ToJsonString();

    /// <summary>With <c>flatten: true</c> alone.</summary>
    public static string Flattened(string echoEvent)
    {
        var node = JsonNode.Parse(echoEvent)!.AsObject();
        node["details"] = node["details"]!.ToJsonString();
        node["content"] = node["content"]!.ToJsonString();
        return node.ToJsonString();
    }
}
