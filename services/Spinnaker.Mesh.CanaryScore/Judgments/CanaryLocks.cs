using Marten;

namespace Spinnaker.Mesh.CanaryScore.Judgments;

/// <summary>
/// Transaction-scoped PostgreSQL advisory locks on canary runs and on trends, so that two writers of the same run (Echo's
/// report and Kayenta's, in two consumers or two replicas) or of the same trend go one after the other, each reading
/// what the other committed. Taken in one sorted order, so writers sharing keys cannot deadlock; released at commit or
/// rollback. A hash collision only makes two writers wait for each other.
/// </summary>
internal static class CanaryLocks
{
    /// <summary>First key of the run locks ("CJDG"), apart from every other advisory lock in the database.</summary>
    public const int Judgments = 0x434A4447;

    /// <summary>First key of the trend locks ("CTRD").</summary>
    public const int Trends = 0x43545244;

    // OFFSET 0 keeps the sorted subquery from being flattened, so the locks are taken in its order.
    private const string Sql = """
        SELECT count(pg_advisory_xact_lock(?::int, k.id))
        FROM (SELECT DISTINCT hashtext(key) AS id FROM unnest(?::text[]) AS key ORDER BY 1 OFFSET 0) AS k
        """;

    public static async Task TakeAsync(IDocumentSession session, int space, string tenant, IEnumerable<string> keys, CancellationToken ct)
    {
        var scoped = keys.Select(k => tenant + "/" + k).Distinct(StringComparer.Ordinal).ToArray();
        if (scoped.Length == 0) return;
        await session.AdvancedSql.QueryAsync<long>(Sql, ct, space, scoped);
    }
}
