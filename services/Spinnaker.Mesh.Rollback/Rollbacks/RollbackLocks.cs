using Marten;

namespace Spinnaker.Mesh.Rollback.Rollbacks;

/// <summary>
/// Transaction-scoped PostgreSQL advisory locks per (tenant, rollback), so that two batches carrying snapshots of the
/// same rollback (two consumers, two replicas) fold them one after the other, each reading what the other committed.
/// Taken in one statement in one sorted order, so writers sharing keys cannot deadlock; released at commit or rollback.
/// A hash collision only makes two writers wait for each other.
/// </summary>
internal static class RollbackLocks
{
    /// <summary>First key of every rollback lock ("RBCK"), apart from the other advisory locks of the database.</summary>
    public const int Space = 0x5242434B;

    // OFFSET 0 keeps the sorted subquery from being flattened, so the locks are taken in its order.
    private const string Sql = """
        SELECT count(pg_advisory_xact_lock(?::int, k.id))
        FROM (SELECT DISTINCT hashtext(key) AS id FROM unnest(?::text[]) AS key ORDER BY 1 OFFSET 0) AS k
        """;

    public static async Task TakeAsync(IDocumentSession session, string tenant, IEnumerable<string> rollbackIds, CancellationToken ct)
    {
        var scoped = rollbackIds.Select(id => tenant + "/" + id).Distinct(StringComparer.Ordinal).ToArray();
        if (scoped.Length == 0) return;
        await session.AdvancedSql.QueryAsync<long>(Sql, ct, Space, scoped);
    }
}
