using Marten;

namespace Spinnaker.Mesh.Rollback.Incidents.Store;

/// <summary>
/// A transaction-scoped PostgreSQL advisory lock per pipeline (keyed by tenant and pipeline key): executions of one
/// pipeline are decided one after the other, each reading what the previous one committed, whichever consumer or
/// replica received them. Released at commit or rollback. A hash collision only makes two pipelines wait for each other.
/// </summary>
/// <remarks>
/// Why not the streams' expected versions alone: a new incident has no stream yet, and the decision also reads the
/// pipeline's other incidents and its run history, which a concurrent writer may change without touching that stream.
/// </remarks>
internal static class IncidentLocks
{
    /// <summary>First key of the pipeline locks ("RINC"), apart from every other advisory lock in the database.</summary>
    public const int Pipelines = 0x52494E43;

    public static async Task TakeAsync(IDocumentSession session, string tenant, string pipelineKey, CancellationToken ct) =>
        await session.AdvancedSql.QueryAsync<int>("SELECT 1 FROM pg_advisory_xact_lock(?::int, hashtext(?))", ct,
            Pipelines, tenant + "/" + pipelineKey);
}
