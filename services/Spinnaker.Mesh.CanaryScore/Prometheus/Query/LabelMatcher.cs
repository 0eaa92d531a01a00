using System.Text.RegularExpressions;

namespace Spinnaker.Mesh.CanaryScore.Prometheus.Query;

internal enum LabelMatchType { Equal, NotEqual, Regex, NotRegex }

/// <summary>
/// One <c>label op "value"</c> of a selector. As in Prometheus, a label a series lacks has the value <c>""</c>, and
/// regular expressions are anchored at both ends (<c>^(?s:re)$</c>, so <c>.</c> also matches a newline).
/// </summary>
internal sealed class LabelMatcher
{
    public const string MetricNameLabel = "__name__";

    /// <summary>Bounds the work one label value can cost; the non-backtracking engine is linear anyway.</summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex? _regex;

    public LabelMatcher(string name, LabelMatchType type, string value)
    {
        Name = name;
        Type = type;
        Value = value;
        if (type is LabelMatchType.Regex or LabelMatchType.NotRegex)
            // Linear-time matching like RE2, which also has no backreferences or lookarounds.
            _regex = new Regex($"^(?s:{value})$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, MatchTimeout);
    }

    public string Name { get; }
    public LabelMatchType Type { get; }
    public string Value { get; }

    public bool Matches(string value) => Type switch
    {
        LabelMatchType.Equal => value == Value,
        LabelMatchType.NotEqual => value != Value,
        LabelMatchType.Regex => _regex!.IsMatch(value),
        LabelMatchType.NotRegex => !_regex!.IsMatch(value),
        _ => false,
    };

    public bool MatchesEmpty => Matches("");

    public override string ToString() => $"{Name}{Type switch { LabelMatchType.Equal => "=", LabelMatchType.NotEqual => "!=", LabelMatchType.Regex => "=~", _ => "!~" }}\"{Value}\"";
}
