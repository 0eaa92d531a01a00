using Spinnaker.Mesh.Contracts.Rollback.V1;

namespace Spinnaker.Mesh.Rollback.Incidents.Domain;

/// <summary>
/// What Mesh knows about one pipeline: its recent runs (<see cref="Runs"/>) and its incidents, and the rules that
/// turn one more finished run into incident events. Pure: the store loads a book under the pipeline's lock, asks
/// <see cref="Decide"/>, and commits the decision; the specs do the same in memory with <see cref="With"/>.
/// </summary>
/// <remarks>
/// Echo duplicates and reorders (echo.md §6), so order is the runs' end times, never arrival:
/// <list type="bullet">
/// <item>The same outcome of an execution again (same or older end) changes nothing.</item>
/// <item>A failure joins an incident whose span it falls in (from its first failure until its resolution, or open)
/// when it ended at most the join window after that incident's last failure and no success came between; or an
/// incident that opened at most the window after it, with no success between. Else it opens a new incident, which
/// the first success seen after it resolves at once: a late failure that ended before an already-seen success
/// belongs before that success.</item>
/// <item>A success resolves every open incident whose last failure ended before it; one that ended earlier resolves
/// nothing (it arrived late).</item>
/// </list>
/// What was published stays true: an incident's id, opening and resolution never change afterwards. A late success
/// that ended inside an incident does not split it, and a late failure joins without moving <c>OpenedAt</c>.
/// </remarks>
internal sealed class PipelineBook
{
    private readonly List<PipelineRun> _runs;
    private readonly List<Incident> _incidents;

    /// <param name="historyFull">The store keeps only the latest runs; when it is full, a run older than all of them cannot be judged.</param>
    public PipelineBook(PipelineIdentity pipeline, IEnumerable<PipelineRun> runs, IEnumerable<Incident> incidents, bool historyFull = false)
    {
        Pipeline = pipeline;
        _runs = [.. runs.OrderBy(r => r.EndedAt)];
        _incidents = [.. incidents.OrderBy(i => i.OpenedAt)];
        HistoryFull = historyFull;
    }

    public PipelineIdentity Pipeline { get; }
    public IReadOnlyList<PipelineRun> Runs => _runs;
    public IReadOnlyList<Incident> Incidents => _incidents;
    public bool HistoryFull { get; }

    public static PipelineBook Empty(PipelineIdentity pipeline) => new(pipeline, [], []);

    public IncidentDecision Decide(ObservedRun observed, TimeSpan joinWindow)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var run = observed.Run;
        var previous = _runs.FirstOrDefault(r => r.ExecutionId == run.ExecutionId);
        if (previous is not null && run.EndedAt <= previous.EndedAt)
            return IncidentDecision.Nothing($"execution {run.ExecutionId} ended {previous.Status} at {previous.EndedAt:O} already");
        if (previous is null && HistoryFull && _runs.Count > 0 && run.EndedAt < _runs[0].EndedAt)
            return IncidentDecision.Nothing($"execution {run.ExecutionId} ended before every run kept in the pipeline's history");

        // The execution's earlier outcome (before a restart) is no baseline for its own later one.
        var others = _runs.Where(r => r.ExecutionId != run.ExecutionId).ToList();
        var steps = run.Failed ? Failure(observed, others, joinWindow) : Success(run);
        return new IncidentDecision(run, steps);
    }

    /// <summary>The book after a decision was committed: the run recorded, the events folded into the incidents.</summary>
    public PipelineBook With(IncidentDecision decision)
    {
        var runs = decision.Recorded is { } recorded ? _runs.Where(r => r.ExecutionId != recorded.ExecutionId).Append(recorded) : _runs;
        var incidents = _incidents.ToDictionary(i => i.IncidentId, i => i.Copy());
        foreach (var step in decision.Steps)
        {
            if (!incidents.TryGetValue(step.IncidentId, out var incident)) incidents[step.IncidentId] = incident = new Incident();
            switch (step.Event)
            {
                case IncidentOpened e: incident.Apply(e); break;
                case IncidentFailureJoined e: incident.Apply(e); break;
                case IncidentResolved e: incident.Apply(e); break;
            }
        }
        return new PipelineBook(Pipeline, runs, incidents.Values, HistoryFull);
    }

    private List<IncidentStep> Failure(ObservedRun observed, List<PipelineRun> others, TimeSpan window)
    {
        var run = observed.Run;
        var t = run.EndedAt;
        var successes = others.Where(r => r.Succeeded).ToList();
        bool SuccessBetween(DateTimeOffset from, DateTimeOffset to) => successes.Any(s => s.EndedAt > from && s.EndedAt < to);
        bool Covers(Incident i) => i.IsOpen || t < i.ResolvedAt;

        // The same execution failing again (a restarted stage failed once more) stays in its incident.
        var joined = _incidents.Where(i => i.Holds(run.ExecutionId) && Covers(i)).MaxBy(i => i.OpenedAt)
            ?? _incidents
                .Where(i => i.FirstFailedAt <= t && Covers(i) && t <= i.LastFailedAt + window && !SuccessBetween(i.LastFailedAt, t))
                .MaxBy(i => i.OpenedAt)
            ?? _incidents
                .Where(i => i.FirstFailedAt > t && i.FirstFailedAt - t <= window && !SuccessBetween(t, i.FirstFailedAt))
                .MinBy(i => i.FirstFailedAt);
        var lastSuccess = successes.Where(s => s.EndedAt < t).MaxBy(s => s.EndedAt);
        var changes = RunChanges.Between(lastSuccess, run);
        var tenant = Pipeline.Tenant;

        if (joined is not null)
        {
            var failure = new IncidentFailure(run.ExecutionId, run.Status, t, observed.FailedStages, observed.Trigger,
                lastSuccess?.ExecutionId, changes, observed.CanceledBy, observed.CancellationReason);
            var joinedId = IncidentIds.Joined(tenant, joined.IncidentId, run.ExecutionId, t);
            return [new(joined.IncidentId, joinedId, new IncidentFailureJoined(joinedId, joined.IncidentId, failure))];
        }

        var incidentId = IncidentIds.Incident(Pipeline, run.ExecutionId, t);
        var opened = new IncidentOpened(IncidentIds.Opened(tenant, incidentId), incidentId, tenant, Pipeline.Application, Pipeline.ConfigId,
            Pipeline.Name, run.ExecutionId, run.Status, t, observed.FailedStages, observed.Trigger, lastSuccess?.ExecutionId, changes,
            observed.CanceledBy, observed.CancellationReason);
        var steps = new List<IncidentStep> { new(incidentId, opened.EventId, opened) };
        // Arrived after a success that ended later: that success already recovered the pipeline from it.
        if (successes.Where(s => s.EndedAt > t).MinBy(s => s.EndedAt) is { } next)
            steps.Add(Resolve(incidentId, t, [run.ExecutionId], next));
        return steps;
    }

    private List<IncidentStep> Success(PipelineRun run) =>
    [
        .. _incidents.Where(i => i.IsOpen && i.LastFailedAt < run.EndedAt)
            .Select(i => Resolve(i.IncidentId, i.OpenedAt, [.. i.Failures.Select(f => f.ExecutionId)], run)),
    ];

    private IncidentStep Resolve(string incidentId, DateTimeOffset openedAt, IReadOnlyList<string> failedExecutionIds, PipelineRun success)
    {
        var resolved = new IncidentResolved(IncidentIds.Resolved(Pipeline.Tenant, incidentId), incidentId, Pipeline.Tenant, Pipeline.Application,
            Pipeline.ConfigId, Pipeline.Name, success.ExecutionId, openedAt, success.EndedAt,
            (long)(success.EndedAt - openedAt).TotalMilliseconds, failedExecutionIds);
        return new IncidentStep(incidentId, resolved.EventId, resolved);
    }
}
