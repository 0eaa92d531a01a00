using Spinnaker.Mesh.Testing;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.Ingest.Normalization;

namespace Spinnaker.Mesh.Ingest.Tests.Normalization;

/// <summary>Runs the normalizer on hand-written payloads and picks out what a spec looks at.</summary>
public static class Normalizing
{
    public static NormalizationResult Of(string echoJson, string tenant = EchoPayloads.Tenant) =>
        EchoEventNormalizer.Normalize(EchoPayloads.Receipt(echoJson, tenant));

    /// <summary>The events of a result that must not be a rejection.</summary>
    public static IReadOnlyList<NormalizedEvent> Events(string echoJson, string tenant = EchoPayloads.Tenant)
    {
        var result = Of(echoJson, tenant);
        Assert.That(result.Rejection, Is.Null, "the event was rejected");
        return result.Events;
    }

    /// <summary>The one normalized event, which must be a <typeparamref name="T"/>.</summary>
    public static (NormalizedEvent Normalized, T Record) Single<T>(string echoJson, string tenant = EchoPayloads.Tenant)
    {
        var events = Events(echoJson, tenant);
        Assert.That(events, Has.Count.EqualTo(1), () => string.Join(", ", events.Select(e => e.Alias)));
        Assert.That(events[0].Event, Is.InstanceOf<T>());
        return (events[0], (T)events[0].Event);
    }

    /// <summary>The one event of type <typeparamref name="T"/> among the results.</summary>
    public static T One<T>(IEnumerable<NormalizedEvent> events) => events.Select(e => e.Event).OfType<T>().Single();

    /// <summary>The payload with a change applied (for shapes the builders do not write).</summary>
    public static string Change(string echoJson, Action<JsonObject> change)
    {
        var root = JsonNode.Parse(echoJson)!.AsObject();
        change(root);
        return root.ToJsonString();
    }

    public static JsonObject Content(this JsonObject root) => root["content"]!.AsObject();

    public static JsonObject Details(this JsonObject root) => root["details"]!.AsObject();

    public static JsonObject Execution(this JsonObject root) => root["content"]!["execution"]!.AsObject();

    public static DateTimeOffset At(long epochMs) => DateTimeOffset.FromUnixTimeMilliseconds(epochMs);
}
