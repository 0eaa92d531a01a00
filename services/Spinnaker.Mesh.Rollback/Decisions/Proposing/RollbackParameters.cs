using System.Text.RegularExpressions;
using Spinnaker.Mesh.Contracts.Rollback.V1;

namespace Spinnaker.Mesh.Rollback.Decisions.Proposing;

/// <summary>
/// The rollback pipeline's parameters with the placeholders filled from the deployment to roll back:
/// <c>${cluster}</c>, <c>${account}</c>, <c>${region}</c>, <c>${namespace}</c>, <c>${fromVersion}</c>,
/// <c>${toVersion}</c>, <c>${executionId}</c>. A placeholder whose value is unknown becomes empty; any other
/// <c>${...}</c> (a SpEL expression for Orca, say) is left as it is.
/// </summary>
internal static partial class RollbackParameters
{
    public static IReadOnlyDictionary<string, string> Fill(IReadOnlyDictionary<string, string> parameters, RollbackTarget target)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["cluster"] = target.Cluster,
            ["account"] = target.Account,
            ["region"] = target.Region,
            ["namespace"] = target.Namespace,
            ["fromVersion"] = target.FromVersion,
            ["toVersion"] = target.ToVersion,
            ["executionId"] = target.ExecutionId,
        };
        return parameters.ToDictionary(
            p => p.Key,
            p => Placeholder().Replace(p.Value, m => values.TryGetValue(m.Groups[1].Value, out var value) ? value ?? "" : m.Value),
            StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\$\{(\w+)\}")]
    private static partial Regex Placeholder();
}
