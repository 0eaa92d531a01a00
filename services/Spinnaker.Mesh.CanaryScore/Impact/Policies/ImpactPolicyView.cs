namespace Spinnaker.Mesh.CanaryScore.Impact.Policies;

/// <summary>
/// A policy as the API answers it: its members with defaults applied, <c>origin</c> (<c>stored</c> by the tenant,
/// or from <c>configuration</c>), <c>updatedAt</c> for a stored one, and the source its queries go to.
/// </summary>
internal sealed record ImpactPolicyView(
    string Application,
    string Origin,
    DateTimeOffset? UpdatedAt,
    string? Source,
    string EffectiveSource,
    IReadOnlyList<string> ProductionAccounts,
    IReadOnlyList<string> ProductionNamespaces,
    TimeSpan Settle,
    TimeSpan Window,
    TimeSpan Step,
    IReadOnlyList<SliDefinition> Slis)
{
    public static ImpactPolicyView Of(ImpactPolicyEntry entry, IMetricSources sources)
    {
        var p = entry.Policy;
        return new(p.Application, entry.Origin, entry.UpdatedAt, p.Source, p.Source ?? sources.DefaultSource,
            p.ProductionAccounts, p.ProductionNamespaces, p.Settle, p.Window, p.Step, p.Slis);
    }
}

internal sealed record ImpactPolicyList(IReadOnlyList<ImpactPolicyView> Policies);
