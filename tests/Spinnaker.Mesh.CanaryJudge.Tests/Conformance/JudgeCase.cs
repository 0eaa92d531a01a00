using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryJudge.Kayenta;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryJudge.Tests.Conformance;

/// <summary>One case of the shared <c>judge-cases.json</c>, taken from Kayenta's and Orca's own tests.</summary>
public sealed record JudgeCase(string Name, string Kind, JsonElement Inputs, JsonElement Parameters, JsonElement Expected, JsonElement? Tolerance)
{
    public override string ToString() => Name;

    /// <summary>The absolute tolerance for an expected key: its own, else "*", else exact.</summary>
    public double ToleranceFor(string key)
    {
        if (Tolerance is not { ValueKind: JsonValueKind.Object } t) return 0;
        if (t.TryGetProperty(key, out var own)) return own.GetDouble();
        return t.TryGetProperty("*", out var all) ? all.GetDouble() : 0;
    }

    public double[] Doubles(JsonElement parent, string name) => parent.GetProperty(name).Deserialize<double[]>(KayentaJson.Options)!;

    /// <summary>Every case, or a single placeholder that skips (or fails, where fixtures are required) when the file is absent.</summary>
    public static IEnumerable<TestCaseData> All()
    {
        var folder = KayentaFixtures.Folder;
        if (folder is null)
        {
            yield return new TestCaseData(null!).SetName("judge-cases.json (fixtures absent)");
            yield break;
        }
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "judge-cases.json")));
        foreach (var element in document.RootElement.EnumerateArray())
        {
            var @case = new JudgeCase(
                element.GetProperty("name").GetString()!,
                element.GetProperty("kind").GetString()!,
                element.GetProperty("inputs").Clone(),
                element.GetProperty("parameters").Clone(),
                element.GetProperty("expected").Clone(),
                element.TryGetProperty("tolerance", out var tolerance) ? tolerance.Clone() : null);
            yield return new TestCaseData(@case).SetName(@case.Name).SetCategory(@case.Kind);
        }
    }
}
