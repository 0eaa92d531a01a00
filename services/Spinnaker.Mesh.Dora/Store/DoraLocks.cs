using Marten;

namespace Spinnaker.Mesh.Dora.Store;

/// <summary>
/// Transaction-scoped PostgreSQL advisory locks per (tenant, application) and per (tenant, repository), so that two
/// writers of one application (two consumers, two replicas, a settings change) classify one after the other, each
/// reading what the other committed. Repositories are locked too: a push's commits and the classification of an
/// application the settings map the repository to must not pass each other. All keys of a writer are taken in one
/// statement in one sorted order, so writers sharing keys cannot deadlock; released at commit or rollback. A hash
/// collision only makes two writers wait for each other.
/// </summary>
internal static class DoraLocks
{
    /// <summary>First key of every DORA lock ("DORA"), apart from the other advisory locks of the database.</summary>
    public const int Space = 0x444F5241;

    // OFFSET 0 keeps the sorted subquery from being flattened, so the locks are taken in its order.
    private const string Sql = """
        SELECT count(pg_advisory_xact_lock(?::int, k.id))
        FROM (SELECT DISTINCT hashtext(key) AS id FROM unnest(?::text[]) AS key ORDER BY 1 OFFSET 0) AS k
        """;

    public static string ApplicationKey(string application) => "app/" + application;

    public static string RepositoryKey(string repository) => "repo/" + repository.ToLowerInvariant();

    public static async Task TakeAsync(IDocumentSession session, string tenant, IEnumerable<string> keys, CancellationToken ct)
    {
        var scoped = keys.Select(k => tenant + "/" + k).Distinct(StringComparer.Ordinal).ToArray();
        if (scoped.Length == 0) return;
        await session.AdvancedSql.QueryAsync<long>(Sql, ct, Space, scoped);
    }
}
