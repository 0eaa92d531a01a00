using Marten;
using Spinnaker.Mesh.ExecutionTree.ReadModel;

namespace Spinnaker.Mesh.ExecutionTree.Consumers;

/// <summary>
/// Transaction-scoped locks on executions, so that two transactions that append to one execution merge one after the
/// other instead of both starting from the same stored state.
/// </summary>
/// <remarks>
/// Why a lock and not the stream's optimistic version: Echo sends a stage's start, its tasks and its end within
/// milliseconds, and the events of one execution routinely sit in concurrent batches; with optimistic versions most of
/// those batches would fail, roll back and retry, and a burst could exhaust the retry policy and dead-letter accepted
/// events. Why not only a row lock on <c>executions</c>: a new execution has no row to lock yet, and its first
/// events are exactly the ones that arrive together. Why not partitioning by execution id: it holds inside one
/// process only, and two replicas consume the one queue. So each writer takes a PostgreSQL advisory lock per
/// execution (keyed by tenant and execution id) in its transaction before it reads anything, in one sorted order so
/// that writers sharing executions cannot deadlock; the locks end with the commit or rollback. A hash collision
/// between two executions only makes their writers wait for each other.
/// </remarks>
internal static class ExecutionLocks
{
    /// <summary>The first key of every execution lock: keeps them apart from other advisory locks in the database.</summary>
    private const string LockSpace = "1163153989"; // 0x45545245, "ETRE"

    // OFFSET 0 keeps the sorted subquery from being flattened, so the locks are taken in its order.
    private const string Sql = $"""
        SELECT count(pg_advisory_xact_lock({LockSpace}, k.id))
        FROM (SELECT DISTINCT hashtext(tenant || '/' || execution_id) AS id FROM unnest(?, ?) AS e(tenant, execution_id) ORDER BY 1 OFFSET 0) AS k
        """;

    /// <summary>Waits until this session's transaction holds the lock of every execution in <paramref name="executions"/>.</summary>
    public static async Task TakeAsync(IDocumentSession session, IReadOnlyCollection<ExecutionKey> executions, CancellationToken ct)
    {
        if (executions.Count == 0) return;
        await session.AdvancedSql.QueryAsync<long>(Sql, ct,
            executions.Select(e => e.Tenant).ToArray(), executions.Select(e => e.ExecutionId).ToArray());
    }
}
