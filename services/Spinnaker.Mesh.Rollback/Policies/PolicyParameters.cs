using System.Text.RegularExpressions;
using Spinnaker.Mesh.Contracts.Rollback.V1;

namespace Spinnaker.Mesh.Rollback.Policies;

/// <summary>
/// The placeholders a rollback pipeline's parameters may use, filled from the deployment a decision rolls back. Any
/// other <c>${…}</c> is refused when a policy is stored or configured: Orca would evaluate it as SpEL.
/// </summary>
internal static partial class PolicyParameters
{
    public static readonly IReadOnlyList<string> Placeholders = ["cluster", "account", "region", "namespace", "fromVersion", "toVersion", "executionId"];

    /// <summary>The parameter Mesh adds itself (the decision id); a policy cannot set it.</summary>
    public const string DecisionIdParameter = "meshDecisionId";

    /// <summary>
    /// <paramref name="parameters"/> with each placeholder replaced by the target's value (empty when the target does
    /// not state it); <c>${executionId}</c> is <paramref name="executionId"/>, else the target's execution.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Fill(IReadOnlyDictionary<string, string> parameters, RollbackTarget target, string? executionId)
    {
        var filled = new Dictionary<string, string>(parameters.Count, StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
            filled[name] = Placeholder().Replace(value, match => match.Groups["name"].Value switch
            {
                "cluster" => target.Cluster ?? "",
                "account" => target.Account ?? "",
                "region" => target.Region ?? "",
                "namespace" => target.Namespace ?? "",
                "fromVersion" => target.FromVersion ?? "",
                "toVersion" => target.ToVersion ?? "",
                "executionId" => executionId ?? target.ExecutionId ?? "",
                // Validation keeps other placeholders out; one that got in anyway stays as it is, visibly.
                _ => match.Value,
            });
        return filled;
    }

    /// <summary>The <c>${…}</c> expressions of <paramref name="value"/> that are not placeholders, as written.</summary>
    public static IReadOnlyList<string> Unknown(string value) =>
        [.. Expression().Matches(value).Select(m => m.Value).Where(e => Placeholder().Match(e) is not { Success: true } p || p.Value != e)];

    [GeneratedRegex(@"\$\{(?<name>cluster|account|region|namespace|fromVersion|toVersion|executionId)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <summary>Any <c>${…}</c>, up to its first closing brace (or the end, when it is never closed).</summary>
    [GeneratedRegex(@"\$\{[^}]*\}?", RegexOptions.CultureInvariant)]
    private static partial Regex Expression();
}
