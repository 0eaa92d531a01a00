using Marten;

namespace Spinnaker.Mesh.Rollback.Decisions.Proposing;

/// <summary>
/// Transaction-scoped advisory locks while a decision is made or acted on: on the decision (a signal redelivered into
/// two consumers decides once) and on its application/cluster (two signals about one cluster, or a signal and an
/// operator's approval, go one after the other, so the cooldown sees what the other committed). Taken in one sorted
/// order, so writers sharing keys cannot deadlock; released at commit or rollback.
/// </summary>
internal static class DecisionLocks
{
    /// <summary>First key of these locks ("RBDC"), apart from every other advisory lock in the database.</summary>
    public const int Space = 0x52424443;

    // OFFSET 0 keeps the sorted subquery from being flattened, so the locks are taken in its order.
    private const string Sql = """
        SELECT count(pg_advisory_xact_lock(?::int, k.id))
        FROM (SELECT DISTINCT hashtext(key) AS id FROM unnest(?::text[]) AS key ORDER BY 1 OFFSET 0) AS k
        """;

    public static async Task TakeAsync(IDocumentSession session, string tenant, string decisionId, string application, string? cluster, CancellationToken ct)
    {
        string[] keys = [$"{tenant}/decision/{decisionId}", $"{tenant}/cluster/{application}/{cluster}"];
        await session.AdvancedSql.QueryAsync<long>(Sql, ct, Space, keys);
    }
}
