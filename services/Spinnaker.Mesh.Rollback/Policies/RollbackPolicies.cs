using Marten;
using Microsoft.Extensions.Options;

namespace Spinnaker.Mesh.Rollback.Policies;

/// <summary>Where a policy in force came from.</summary>
internal static class PolicySources
{
    /// <summary>The tenant's own, from <c>PUT /api/rollback-policies/{application}</c>.</summary>
    public const string Stored = "stored";
    /// <summary><c>Mesh:Rollback:Policies:{application}</c>, for every tenant without a stored one.</summary>
    public const string Configured = "configured";
}

/// <summary>A policy in force and where it came from; <paramref name="UpdatedAt"/> for stored ones.</summary>
/// <param name="OverridesConfigured">A stored policy that hides a configured one (deleting it brings that one back).</param>
internal sealed record ResolvedPolicy(RollbackPolicy Policy, string Source, DateTimeOffset? UpdatedAt, bool OverridesConfigured);

/// <summary>
/// <see cref="IRollbackPolicies"/> over the tenant's stored documents and the configured fallback (read once at start,
/// checked by <see cref="ConfiguredRollbackPoliciesValidator"/>).
/// </summary>
internal sealed class RollbackPolicies(IDocumentStore store, IOptions<ConfiguredRollbackPolicies> configured) : IRollbackPolicies
{
    private readonly IReadOnlyDictionary<string, RollbackPolicy> _configured = configured.Value.ToPolicies();

    public RollbackPolicy? Configured(string application) =>
        _configured.GetValueOrDefault(RollbackPolicyApplication.Normalize(application));

    public async Task<RollbackPolicy?> FindAsync(string tenant, string application, CancellationToken cancellationToken) =>
        (await ResolveAsync(tenant, application, cancellationToken))?.Policy;

    public async Task<IReadOnlyList<RollbackPolicy>> ListAsync(string tenant, CancellationToken cancellationToken) =>
        [.. (await ResolveAllAsync(tenant, cancellationToken)).Select(p => p.Policy)];

    public async Task<ResolvedPolicy?> ResolveAsync(string tenant, string application, CancellationToken cancellationToken)
    {
        var key = RollbackPolicyApplication.Normalize(application);
        await using var session = store.QuerySession(tenant);
        var stored = await session.LoadAsync<StoredRollbackPolicy>(key, cancellationToken);
        return Resolve(key, stored);
    }

    /// <summary>Every policy in force for the tenant, by application.</summary>
    public async Task<IReadOnlyList<ResolvedPolicy>> ResolveAllAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(tenant);
        var stored = (await session.Query<StoredRollbackPolicy>().ToListAsync(cancellationToken)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        return [.. stored.Keys.Union(_configured.Keys).Order(StringComparer.Ordinal)
            .Select(application => Resolve(application, stored.GetValueOrDefault(application))!)];
    }

    private ResolvedPolicy? Resolve(string application, StoredRollbackPolicy? stored)
    {
        var configured = _configured.GetValueOrDefault(application);
        if (stored is not null) return new ResolvedPolicy(stored.ToPolicy(), PolicySources.Stored, stored.UpdatedAt, configured is not null);
        return configured is null ? null : new ResolvedPolicy(configured, PolicySources.Configured, null, false);
    }
}
