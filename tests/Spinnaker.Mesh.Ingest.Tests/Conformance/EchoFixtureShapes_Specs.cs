using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Echo.V1;
using Spinnaker.Mesh.Ingest.Normalization;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Ingest.Tests.Conformance;

/// <summary>
/// Orca's executions come in shapes no fixture shows (an empty array where an object belongs, a stage by its bare id,
/// a string or a number in place of a map). Whatever a value inside <c>content</c> is replaced by, normalization
/// answers events or a rejection with a reason, never an exception: a receipt that throws would go to the error
/// queue instead of the rejection list.
/// </summary>
public sealed class When_values_inside_the_shared_Echo_fixtures_change_shape
{
    private const int MutationsPerFixture = 100;

    [TestCaseSource(typeof(When_normalizing_the_shared_Echo_fixtures), nameof(When_normalizing_the_shared_Echo_fixtures.Fixtures))]
    public void Should_never_throw(string file)
    {
        var body = File.ReadAllText(Path.Combine(EchoFixtures.RequireEchoFolder(), file));
        // The bare execution goes in as the content of the pipeline event that would carry it.
        var echoEvent = EchoEnvelope.Unwrap(body) ?? new JsonObject
        {
            ["details"] = new JsonObject { ["source"] = "orca", ["type"] = "orca:pipeline:failed", ["created"] = "1510251400000" },
            ["content"] = new JsonObject { ["execution"] = JsonNode.Parse(body), ["executionId"] = JsonNode.Parse(body)!["id"]!.DeepClone() },
        }.ToJsonString();

        var random = new Random(file.Length * 7919 + file[^6]);
        var thrown = new List<string>();
        for (var i = 0; i < MutationsPerFixture; i++)
        {
            var root = JsonNode.Parse(echoEvent)!.AsObject();
            var places = Places(root["content"]).ToList();
            for (var change = 0; change < 3 && places.Count > 0; change++) Replace(places[random.Next(places.Count)], Odd(random));
            try
            {
                EchoEventNormalizer.Normalize(Receipt(root.ToJsonString()));
            }
            catch (Exception e)
            {
                thrown.Add($"{e.GetType().Name}: {e.Message}");
            }
        }
        Assert.That(thrown.Distinct(), Is.Empty);
    }

    /// <summary>Every member and item below <paramref name="node"/>, with the container that holds it.</summary>
    private static IEnumerable<(JsonNode Container, object Key)> Places(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    yield return (obj, name);
                    foreach (var below in Places(value)) yield return below;
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    yield return (array, i);
                    foreach (var below in Places(array[i])) yield return below;
                }
                break;
        }
    }

    private static void Replace((JsonNode Container, object Key) place, JsonNode? value)
    {
        // An earlier change may have detached this place; then it no longer matters.
        if (place.Container is JsonObject obj && obj.ContainsKey((string)place.Key)) obj[(string)place.Key] = value;
        else if (place.Container is JsonArray array && (int)place.Key < array.Count) array[(int)place.Key] = value;
    }

    private static JsonNode? Odd(Random random) => random.Next(6) switch
    {
        0 => new JsonArray(),
        1 => new JsonObject(),
        2 => null,
        3 => JsonValue.Create("01HZZZZZZZZZZZZZZZZZZZZZZZ"),
        4 => JsonValue.Create(12.5),
        _ => JsonValue.Create(true),
    };

    private static EchoWebhookReceived Receipt(string echoEvent) => EchoPayloads.Receipt(echoEvent, "conformance");
}
