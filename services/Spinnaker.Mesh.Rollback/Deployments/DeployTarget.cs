namespace Spinnaker.Mesh.Rollback.Deployments;

/// <summary>
/// Where a deploy stage put a version: application, cluster (or Kubernetes manifest), account, region, namespace.
/// Blank parts are null, so two stages naming the same place compare equal.
/// </summary>
internal sealed record DeployTarget(string Application, string? Cluster, string? Account, string? Region, string? Namespace)
{
    public static DeployTarget Of(string application, string? cluster, string? account, string? region, string? @namespace) =>
        new(application, Blank(cluster), Blank(account), Blank(region), Blank(@namespace));

    /// <summary>The cluster for a person: its name, or "the cluster" when the stage named none.</summary>
    public string ClusterName => Cluster ?? "the cluster";

    /// <summary>"deployment checkout-api in prod-use1/us-east-1 (checkout)", for reasons a person reads.</summary>
    public string Describe()
    {
        var where = string.Join("/", new[] { Account, Region }.Where(p => p is not null));
        var text = ClusterName;
        if (where.Length > 0) text += $" in {where}";
        if (Namespace is not null) text += $" ({Namespace})";
        return text;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
