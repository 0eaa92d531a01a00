using Spinnaker.Mesh.CanaryJudge.Kayenta;

namespace Spinnaker.Mesh.CanaryJudge.Explanations;

/// <summary>
/// Diagnoses missing data. The classic all-NaN failure: control and experiment series carry different label sets
/// (e.g. an <c>instance</c> or <c>pod</c> label), so Kayenta's mixer cannot pair them and makes two pairs, each with
/// one side filled and the other all NaN.
/// </summary>
public static class LikelyCauses
{
    public const string NoControlData = "no data for the control scope";
    public const string NoExperimentData = "no data for the experiment scope";
    public const string NoDataAtAll = "no data for either scope (check the query and the scopes)";

    /// <summary>True when a raw series has no point other than NaN.</summary>
    public static bool IsMissing(ReadOnlySpan<double> raw)
    {
        foreach (var v in raw)
            if (!double.IsNaN(v)) return false;
        return true;
    }

    /// <summary>The cause from one pair alone, or null when both sides have data.</summary>
    public static string? ForSides(bool controlMissing, bool experimentMissing) => (controlMissing, experimentMissing) switch
    {
        (true, true) => NoDataAtAll,
        (true, false) => NoControlData,
        (false, true) => NoExperimentData,
        _ => null,
    };

    /// <summary>
    /// A cause per pair index for every pair with missing data. When a pair lacks one side and another pair of the
    /// same metric has that side but lacks the other, the label sets are named.
    /// </summary>
    public static IReadOnlyDictionary<int, string> ForPairs(IReadOnlyList<MetricSetPair> pairs)
    {
        var sides = pairs.Select(p => (Control: IsMissing(p.Control), Experiment: IsMissing(p.Experiment))).ToArray();
        var causes = new Dictionary<int, string>();
        for (var i = 0; i < pairs.Count; i++)
        {
            var own = ForSides(sides[i].Control, sides[i].Experiment);
            if (own is null) continue;
            causes[i] = own;
            if (sides[i].Control == sides[i].Experiment) continue;
            // A partner has the side this pair lacks and lacks the side this pair has.
            var partner = Enumerable.Range(0, pairs.Count)
                .Where(j => j != i && pairs[j].Name == pairs[i].Name
                            && sides[j].Control == !sides[i].Control && sides[j].Experiment == !sides[i].Experiment)
                .OrderBy(j => Differences(pairs[i].Tags, pairs[j].Tags).Count)
                .Select(j => (int?)j)
                .FirstOrDefault();
            if (partner is not { } p) continue;
            var (controlTags, experimentTags) = sides[i].Control ? (pairs[p].Tags, pairs[i].Tags) : (pairs[i].Tags, pairs[p].Tags);
            causes[i] = LabelSetsDiffer(controlTags, experimentTags);
        }
        return causes;
    }

    /// <summary>"control and experiment label sets differ: control has {a=1} where experiment has {a=2}", naming the labels that differ.</summary>
    public static string LabelSetsDiffer(IReadOnlyDictionary<string, string>? controlTags, IReadOnlyDictionary<string, string>? experimentTags)
    {
        var keys = Differences(controlTags, experimentTags);
        if (keys.Count == 0) keys = [.. (controlTags?.Keys ?? []).Union(experimentTags?.Keys ?? [])];
        return $"control and experiment label sets differ: control has {Format(controlTags, keys)} where experiment has {Format(experimentTags, keys)}";
    }

    private static List<string> Differences(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b)
    {
        a ??= new Dictionary<string, string>();
        b ??= new Dictionary<string, string>();
        return [.. a.Keys.Union(b.Keys)
            .Where(k => !a.TryGetValue(k, out var va) || !b.TryGetValue(k, out var vb) || va != vb)
            .Order(StringComparer.Ordinal)];
    }

    private static string Format(IReadOnlyDictionary<string, string>? tags, IReadOnlyList<string> keys)
    {
        var present = keys.Where(k => tags is not null && tags.ContainsKey(k)).Select(k => $"{k}={tags![k]}");
        return "{" + string.Join(", ", present) + "}";
    }
}
