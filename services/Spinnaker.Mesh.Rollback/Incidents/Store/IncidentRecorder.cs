using Marten;
using Microsoft.Extensions.Options;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.EventSourcing;
using Spinnaker.Mesh.Rollback.Incidents.Domain;

namespace Spinnaker.Mesh.Rollback.Incidents.Store;

/// <summary>
/// Decides one finished run in one transaction: takes the pipeline's lock, loads its run history and the incidents
/// that run could touch, asks <see cref="PipelineBook.Decide"/>, and commits the recorded run with the new incident
/// events (deterministic ids, appended only when not stored yet) and their inline snapshots. Returns what to publish
/// after the commit: the openings and resolutions this commit appended, and, for a message that is being redelivered
/// (its first delivery may have died between commit and publish), the stored ones this execution produced before.
/// </summary>
internal sealed partial class IncidentRecorder(IDocumentStore store, IOptions<IncidentOptions> options, ILogger<IncidentRecorder> log)
{
    public async Task<IReadOnlyList<object>> RecordAsync(ObservedRun observed, bool redelivered, CancellationToken ct)
    {
        var settings = options.Value;
        var pipeline = observed.Pipeline;
        await using var session = store.LightweightSession(pipeline.Tenant);
        // Everything read from here on runs in the transaction that commits, after any writer of this pipeline committed.
        await session.BeginTransactionAsync(ct);
        await IncidentLocks.TakeAsync(session, pipeline.Tenant, pipeline.Key, ct);

        var runs = await RunHistoryTable.LoadAsync(session, pipeline.Tenant, pipeline.Key, ct);
        var full = runs.Count >= settings.HistoryPerPipeline;
        var incidents = await LoadIncidentsAsync(session, pipeline.Key, full ? runs.Min(r => r.EndedAt) : null, ct);
        var decision = new PipelineBook(pipeline, runs, incidents, full).Decide(observed, settings.JoinWindow);

        if (decision.Recorded is null)
        {
            LogNothingToRecord(log, pipeline.Tenant, pipeline.Key, decision.Ignored);
            return redelivered ? await StoredPublicationsAsync(session, incidents, observed.Run.ExecutionId, ct) : [];
        }

        RunHistoryTable.QueueRecord(session, pipeline.Tenant, pipeline.Key, decision.Recorded, settings.HistoryPerPipeline);
        var appended = await session.AppendNewAsync(
            [.. decision.Steps.Select(s => new PendingEvent(pipeline.Tenant, IncidentIds.StreamKey(s.IncidentId), s.EventId, s.Event))], ct);
        await session.SaveChangesAsync(ct);

        var published = appended.Select(e => e.Data).Where(e => e is IncidentOpened or IncidentResolved).ToList();
        foreach (var e in published) Log(e);
        if (redelivered) published.AddRange(await StoredPublicationsAsync(session, incidents, observed.Run.ExecutionId, ct));
        return [.. published.DistinctBy(EventId)];
    }

    /// <summary>Open incidents, and resolved ones recent enough for a run the history can still place.</summary>
    private static async Task<IReadOnlyList<Incident>> LoadIncidentsAsync(IDocumentSession session, string pipelineKey, DateTimeOffset? oldestRun, CancellationToken ct)
    {
        var query = session.Query<Incident>().Where(i => i.PipelineKey == pipelineKey);
        if (oldestRun is { } since) query = query.Where(i => i.Status == IncidentStatus.Open || i.ResolvedAt > since);
        return await query.ToListAsync(ct);
    }

    /// <summary>The openings and resolutions stored earlier that this execution's message produced.</summary>
    private static async Task<IReadOnlyList<object>> StoredPublicationsAsync(
        IDocumentSession session, IReadOnlyList<Incident> incidents, string executionId, CancellationToken ct)
    {
        var published = new List<object>();
        foreach (var incident in incidents.Where(i => i.Holds(executionId) || i.ResolvedByExecutionId == executionId))
        {
            var events = await session.Events.FetchStreamAsync(incident.Id, token: ct);
            var openedHere = incident.OpenedByExecutionId == executionId;
            published.AddRange(events.Select(e => e.Data).Where(d => d switch
            {
                IncidentOpened o => o.ExecutionId == executionId,
                IncidentResolved r => r.ResolvedByExecutionId == executionId || openedHere,
                _ => false,
            }));
        }
        return published;
    }

    private static Guid EventId(object e) => e switch
    {
        IncidentOpened o => o.EventId,
        IncidentResolved r => r.EventId,
        _ => throw new InvalidOperationException($"{e.GetType()} is not published."),
    };

    private void Log(object e)
    {
        switch (e)
        {
            case IncidentOpened o:
                LogOpened(log, o.IncidentId, o.Tenant, o.Application, o.PipelineName, o.ExecutionId, o.Status, o.FailedStages.Count, o.Changes.Count);
                break;
            case IncidentResolved r:
                LogResolved(log, r.IncidentId, r.Tenant, r.Application, r.PipelineName, r.ResolvedByExecutionId, r.RecoveryMs, r.FailedExecutionIds.Count);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Incident {IncidentId} opened for {Tenant}/{Application} pipeline '{Pipeline}': execution {ExecutionId} ended {Status} ({FailedStages} failed stages, {Changes} changes since the last success)")]
    private static partial void LogOpened(ILogger logger, string incidentId, string tenant, string application, string? pipeline,
        string executionId, string status, int failedStages, int changes);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Incident {IncidentId} of {Tenant}/{Application} pipeline '{Pipeline}' resolved by execution {ExecutionId} after {RecoveryMs} ms ({Failures} failed executions)")]
    private static partial void LogResolved(ILogger logger, string incidentId, string tenant, string application, string? pipeline,
        string executionId, long recoveryMs, int failures);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Nothing to record for {Tenant} pipeline {Pipeline}: {Reason}")]
    private static partial void LogNothingToRecord(ILogger logger, string tenant, string pipeline, string? reason);
}
