using Marten;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Dora.Domain.Inputs;
using Spinnaker.Mesh.EventSourcing;

namespace Spinnaker.Mesh.Dora.Store;

/// <summary>
/// Everything one application is classified from, read from its streams (and the streams of the repositories the
/// settings map to it) plus the events this transaction is about to append.
/// </summary>
internal sealed record ApplicationInputs(
    IReadOnlyList<ExecutionObservation> Executions,
    IReadOnlyList<CommitObservation> Commits,
    IReadOnlyList<IncidentObservation> Incidents)
{
    public static async Task<ApplicationInputs> LoadAsync(
        IQuerySession session, string application, DoraSettings settings, IReadOnlyList<PendingEvent> pending, CancellationToken ct)
    {
        // The application's own stream first: a commit it names (the generic webhook, with its real parents) wins over
        // the same sha from a push, whose parents are inferred.
        var streams = new List<string> { DoraStreams.Application(application) };
        streams.AddRange(settings.RepositoriesOf(application).Select(DoraStreams.Repository));
        var data = new List<object>();
        foreach (var stream in streams)
        {
            data.AddRange((await session.Events.FetchStreamAsync(stream, token: ct)).Select(e => e.Data));
            data.AddRange(pending.Where(p => p.StreamId == stream).Select(p => p.Data));
        }

        var executions = data.OfType<IExecutionEvent>().Select(ExecutionObservations.From).OfType<ExecutionObservation>()
            .Where(e => e.Application == application).ToList();
        var commits = data.OfType<CommitRecorded>().DistinctBy(c => c.Sha, StringComparer.Ordinal)
            .Select(c => new CommitObservation(c.Sha, c.Parents, c.AuthoredAt, c.Repository, application, c.CommittedAt)).ToList();
        // Upsert by incident id: the latest receipt wins (the gateway's receive time, then the receipt id).
        var incidents = data.OfType<IncidentRecorded>()
            .GroupBy(i => i.IncidentId, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(i => i.ReceivedAt).ThenByDescending(i => i.ReceiptId).First())
            .Select(i => new IncidentObservation(i.IncidentId, application, i.Source, i.ChangeCaused, i.LinkedExecutionId,
                i.StartedAt, i.ResolvedAt, i.CausedBySha))
            .ToList();
        return new ApplicationInputs(executions, commits, incidents);
    }
}
