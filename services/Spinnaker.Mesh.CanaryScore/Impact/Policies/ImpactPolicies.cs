using Marten;
using Microsoft.Extensions.Options;

namespace Spinnaker.Mesh.CanaryScore.Impact.Policies;

/// <summary>
/// A policy a tenant stored with <c>PUT /api/impact-policies/{application}</c>: one Marten document per tenant and
/// application (conjoined tenancy), its id the application in lower case, since Spinnaker's application names
/// ignore case.
/// </summary>
internal sealed class StoredImpactPolicy
{
    public string Id { get; set; } = "";
    public ImpactPolicy Policy { get; set; } = null!;
    public DateTimeOffset UpdatedAt { get; set; }

    public static string IdOf(string application) => application.ToLowerInvariant();
}

/// <summary>Where a policy in effect comes from.</summary>
internal static class PolicyOrigins
{
    /// <summary>Stored by the tenant's <c>PUT</c>.</summary>
    public const string Stored = "stored";
    /// <summary>From <c>Mesh:Impact:Policies:{application}</c>, for a tenant that stored none.</summary>
    public const string Configuration = "configuration";
}

/// <summary>A policy in effect, where it comes from and, for a stored one, when it was stored.</summary>
internal sealed record ImpactPolicyEntry(ImpactPolicy Policy, string Origin, DateTimeOffset? UpdatedAt);

/// <summary>The tenant's stored policies, and the configured ones for applications it stored none for.</summary>
internal sealed class ImpactPolicies(IDocumentStore store, IOptions<ConfiguredImpactPolicies> configured, TimeProvider clock) : IImpactPolicies
{
    public async Task<ImpactPolicy?> FindAsync(string tenant, string application, CancellationToken cancellationToken) =>
        (await FindEntryAsync(tenant, application, cancellationToken))?.Policy;

    public async Task<ImpactPolicyEntry?> FindEntryAsync(string tenant, string application, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(tenant);
        var stored = await session.LoadAsync<StoredImpactPolicy>(StoredImpactPolicy.IdOf(application), cancellationToken);
        if (stored is not null) return new ImpactPolicyEntry(stored.Policy, PolicyOrigins.Stored, stored.UpdatedAt);
        return configured.Value.Find(application) is { } policy ? new ImpactPolicyEntry(policy, PolicyOrigins.Configuration, null) : null;
    }

    /// <summary>Every policy in effect for the tenant, by application.</summary>
    public async Task<IReadOnlyList<ImpactPolicyEntry>> ListAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(tenant);
        var stored = await session.Query<StoredImpactPolicy>().ToListAsync(cancellationToken);
        var entries = stored.Select(s => new ImpactPolicyEntry(s.Policy, PolicyOrigins.Stored, s.UpdatedAt)).ToList();
        var storedIds = stored.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var application in configured.Value.Policies.Keys)
            if (!storedIds.Contains(StoredImpactPolicy.IdOf(application)))
                entries.Add(new ImpactPolicyEntry(configured.Value.Find(application)!, PolicyOrigins.Configuration, null));
        return [.. entries.OrderBy(e => e.Policy.Application, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Stores (or replaces) the tenant's policy; whether there was none before.</summary>
    public async Task<(ImpactPolicyEntry Entry, bool Created)> StoreAsync(string tenant, ImpactPolicy policy, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(tenant);
        var id = StoredImpactPolicy.IdOf(policy.Application);
        var created = await session.LoadAsync<StoredImpactPolicy>(id, cancellationToken) is null;
        var document = new StoredImpactPolicy { Id = id, Policy = policy, UpdatedAt = clock.GetUtcNow() };
        session.Store(document);
        await session.SaveChangesAsync(cancellationToken);
        return (new ImpactPolicyEntry(policy, PolicyOrigins.Stored, document.UpdatedAt), created);
    }

    /// <summary>Deletes the tenant's stored policy; whether there was one.</summary>
    public async Task<bool> DeleteAsync(string tenant, string application, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(tenant);
        var id = StoredImpactPolicy.IdOf(application);
        if (await session.LoadAsync<StoredImpactPolicy>(id, cancellationToken) is null) return false;
        session.Delete<StoredImpactPolicy>(id);
        await session.SaveChangesAsync(cancellationToken);
        return true;
    }

    public bool IsConfigured(string application) => configured.Value.Find(application) is not null;
}
