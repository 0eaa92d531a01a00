using System.Collections;
using System.Text.Json;
using NUnit.Framework;

namespace Spinnaker.Mesh.CanaryJudge.Tests.Conformance;

/// <summary>A map whose extra keys are fine: only the keys a case expects are compared.</summary>
public sealed class OpenMap(IDictionary<string, object?> values)
{
    public IDictionary<string, object?> Values { get; } = values;
}

/// <summary>Compares a case's expected JSON with what the port computed, with an absolute tolerance for numbers.</summary>
public static class Expectation
{
    public static void Match(JsonElement expected, object? actual, double tolerance, string path)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Number:
                AssertNumber(expected.GetDouble(), actual, tolerance, path);
                break;
            case JsonValueKind.String when expected.GetString() is "NaN" or "Infinity" or "-Infinity" && actual is double:
                AssertNumber(double.Parse(expected.GetString()!, System.Globalization.CultureInfo.InvariantCulture), actual, tolerance, path);
                break;
            case JsonValueKind.String:
                Assert.That(actual, Is.EqualTo(expected.GetString()), path);
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                Assert.That(actual, Is.EqualTo(expected.GetBoolean()), path);
                break;
            case JsonValueKind.Null:
                Assert.That(actual, Is.Null, path);
                break;
            case JsonValueKind.Array:
            {
                Assert.That(actual, Is.InstanceOf<IEnumerable>(), path);
                var items = ((IEnumerable)actual!).Cast<object?>().ToList();
                Assert.That(items, Has.Count.EqualTo(expected.GetArrayLength()), $"{path}: length");
                var i = 0;
                foreach (var item in expected.EnumerateArray())
                {
                    Match(item, items[i], tolerance, $"{path}[{i}]");
                    i++;
                }
                break;
            }
            case JsonValueKind.Object:
            {
                var (map, open) = actual switch
                {
                    OpenMap o => (o.Values, true),
                    IDictionary<string, object?> d => (d, false),
                    _ => throw new AssertionException($"{path}: expected an object, got {actual ?? "null"}"),
                };
                var expectedKeys = expected.EnumerateObject().Select(p => p.Name).ToList();
                if (!open) Assert.That(map.Keys, Is.EquivalentTo(expectedKeys), $"{path}: keys");
                foreach (var property in expected.EnumerateObject())
                {
                    Assert.That(map.ContainsKey(property.Name), Is.True, $"{path}.{property.Name} is missing");
                    Match(property.Value, map[property.Name], tolerance, $"{path}.{property.Name}");
                }
                break;
            }
            default:
                throw new AssertionException($"{path}: cannot compare {expected.ValueKind}");
        }
    }

    private static void AssertNumber(double expected, object? actual, double tolerance, string path)
    {
        var value = actual switch
        {
            double d => d,
            int i => i,
            long l => l,
            _ => throw new AssertionException($"{path}: expected the number {expected}, got {actual ?? "null"}"),
        };
        if (double.IsNaN(expected)) Assert.That(value, Is.NaN, path);
        else if (tolerance == 0 || double.IsInfinity(expected)) Assert.That(value, Is.EqualTo(expected), path);
        else Assert.That(value, Is.EqualTo(expected).Within(tolerance), path);
    }
}
