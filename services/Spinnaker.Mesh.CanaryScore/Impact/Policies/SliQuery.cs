using System.Text.RegularExpressions;

namespace Spinnaker.Mesh.CanaryScore.Impact.Policies;

/// <summary>
/// An SLI's PromQL with <c>${application}</c>, <c>${cluster}</c>, <c>${namespace}</c>, <c>${region}</c>,
/// <c>${account}</c> and <c>${version}</c> filled from a deployment. Values are escaped for a double-quoted PromQL
/// string (<c>\</c>, <c>"</c>, newline), where label matchers put them; nothing else of the query changes.
/// </summary>
internal static partial class SliQuery
{
    public const string Application = "application";
    public const string Cluster = "cluster";
    public const string Namespace = "namespace";
    public const string Region = "region";
    public const string Account = "account";
    public const string Version = "version";

    /// <summary>The placeholders a query may use, in the order the documentation lists them.</summary>
    public static readonly IReadOnlyList<string> Known = [Application, Cluster, Namespace, Region, Account, Version];

    /// <summary>What a policy's queries are checked against the source with (the application is the policy's own).</summary>
    public static IReadOnlyDictionary<string, string> SampleBindings(string application, string? account, string? @namespace) =>
        Bindings(application, cluster: application, @namespace ?? "default", region: "us-east-1", account ?? "production", version: "v000");

    /// <summary>A deployment's values; a null one is absent, and a query using it cannot be filled.</summary>
    public static IReadOnlyDictionary<string, string> Bindings(string application, string? cluster, string? @namespace, string? region, string? account, string? version)
    {
        var bindings = new Dictionary<string, string>(StringComparer.Ordinal) { [Application] = application };
        void Add(string name, string? value)
        {
            if (value is not null) bindings[name] = value;
        }
        Add(Cluster, cluster);
        Add(Namespace, @namespace);
        Add(Region, region);
        Add(Account, account);
        Add(Version, version);
        return bindings;
    }

    /// <summary>The placeholder names a query uses, known or not, each once, in order of appearance.</summary>
    public static IReadOnlyList<string> PlaceholdersIn(string query) =>
        [.. Placeholder().Matches(query).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal)];

    /// <summary>Placeholders the query uses that <paramref name="bindings"/> has no value for.</summary>
    public static IReadOnlyList<string> Missing(string query, IReadOnlyDictionary<string, string> bindings) =>
        [.. PlaceholdersIn(query).Where(name => !bindings.ContainsKey(name))];

    /// <summary>Whether <c>${</c> opens a placeholder that never closes.</summary>
    public static bool HasUnterminatedPlaceholder(string query) => Unterminated().IsMatch(query);

    /// <summary>The query with every placeholder replaced by its escaped value.</summary>
    /// <exception cref="ArgumentException">The query uses a placeholder <paramref name="bindings"/> has no value for (see <see cref="Missing"/>).</exception>
    public static string Fill(string query, IReadOnlyDictionary<string, string> bindings)
    {
        var missing = Missing(query, bindings);
        if (missing.Count > 0)
            throw new ArgumentException($"No value for {string.Join(", ", missing.Select(m => "${" + m + "}"))}", nameof(bindings));
        return Placeholder().Replace(query, m => Escape(bindings[m.Groups["name"].Value]));
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    [GeneratedRegex(@"\$\{(?<name>[^{}]*)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\$\{[^}]*$")]
    private static partial Regex Unterminated();
}
