namespace Spinnaker.Mesh.CanaryScore.Impact.Assessment;

/// <summary>
/// Fills an SLI query's placeholders from the deployment: <c>${application}</c>, <c>${cluster}</c>,
/// <c>${namespace}</c>, <c>${region}</c>, <c>${account}</c>, <c>${version}</c>. Values go inside PromQL string literals,
/// so backslashes and double quotes are escaped; an unknown value is empty.
/// </summary>
internal static class DeploymentPlaceholders
{
    public static string Fill(string query, ImpactDeployment d) => query
        .Replace("${application}", Escape(d.Application), StringComparison.Ordinal)
        .Replace("${cluster}", Escape(d.Cluster), StringComparison.Ordinal)
        .Replace("${namespace}", Escape(d.Namespace), StringComparison.Ordinal)
        .Replace("${region}", Escape(d.Region), StringComparison.Ordinal)
        .Replace("${account}", Escape(d.Account), StringComparison.Ordinal)
        .Replace("${version}", Escape(d.Version), StringComparison.Ordinal);

    private static string Escape(string? value) => (value ?? "").Replace("\\", "\\\\").Replace("\"", "\\\"");
}
