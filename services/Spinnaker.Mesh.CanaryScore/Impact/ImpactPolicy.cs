namespace Spinnaker.Mesh.CanaryScore.Impact;

/// <summary>
/// How an application's production deployments are assessed (<c>PUT /api/impact-policies/{application}</c>, or
/// configuration under <c>Mesh:Impact:Policies:{application}</c>).
/// </summary>
/// <param name="Application">The application.</param>
/// <param name="Source">The metric source to query (<c>Mesh:Impact:Sources:{name}</c>); null for <c>Mesh:Impact:DefaultSource</c>.</param>
/// <param name="ProductionAccounts">Deploys to these accounts are production deploys.</param>
/// <param name="ProductionNamespaces">Deploys to these Kubernetes namespaces are production deploys.</param>
/// <param name="Settle">Time after the deploy ended before the after window starts.</param>
/// <param name="Window">Length of the before and the after window.</param>
/// <param name="Step">Query resolution (<c>query_range</c>'s step).</param>
/// <param name="Slis">The indicators compared.</param>
internal sealed record ImpactPolicy(
    string Application,
    string? Source,
    IReadOnlyList<string> ProductionAccounts,
    IReadOnlyList<string> ProductionNamespaces,
    TimeSpan Settle,
    TimeSpan Window,
    TimeSpan Step,
    IReadOnlyList<SliDefinition> Slis);

/// <summary>One service-level indicator of a policy.</summary>
/// <param name="Name">Its name, e.g. <c>p99 latency</c>.</param>
/// <param name="Query">PromQL, with <c>${application}</c>, <c>${cluster}</c>, <c>${namespace}</c>, <c>${region}</c>,
/// <c>${account}</c>, <c>${version}</c> filled from the deployment.</param>
/// <param name="BadDirection"><c>increase</c> or <c>decrease</c>: which change is a degradation.</param>
/// <param name="Critical">A critical indicator that fails fails the deployment, whatever the score.</param>
/// <param name="AllowedChangePercent">Changes of the median smaller than this (in the bad direction) still pass.</param>
internal sealed record SliDefinition(string Name, string Query, string BadDirection, bool Critical, double AllowedChangePercent);

internal static class BadDirections
{
    public const string Increase = "increase";
    public const string Decrease = "decrease";
}

/// <summary>Where the impact analysis reads policies: stored ones first, configured ones for applications without one.</summary>
internal interface IImpactPolicies
{
    Task<ImpactPolicy?> FindAsync(string tenant, string application, CancellationToken cancellationToken);
}
