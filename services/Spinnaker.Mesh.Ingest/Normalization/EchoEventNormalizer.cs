using System.Text.Json;
using Spinnaker.Mesh.Contracts.Echo.V1;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Ingest.Normalization;

/// <summary>
/// Turns one Echo event into Mesh's normalized v1 events (echo.md §3-5). Pure: no I/O, no clock; the same receipt
/// always gives the same result, and the same Echo event in another receipt (Echo retried, Orca re-emitted) gives the
/// same event ids (echo.md §6 "Duplicates").
/// </summary>
public static partial class EchoEventNormalizer
{
    private static readonly EchoEventValidator Validator = new();

    public static NormalizationResult Normalize(EchoWebhookReceived receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var evt = EchoEvent.Read(receipt.Event);
        var validation = Validator.Validate(evt);
        if (!validation.IsValid) return NormalizationResult.Rejected(string.Join("; ", validation.Errors.Select(e => e.ErrorMessage)));

        var context = new Context(evt, receipt);
        return evt.Kind switch
        {
            EchoEventKind.PipelineStarting or EchoEventKind.OrchestrationStarting => ExecutionStarted(context),
            EchoEventKind.PipelineEnded or EchoEventKind.OrchestrationEnded => ExecutionEnded(context),
            EchoEventKind.StageStarting => StageStarted(context),
            EchoEventKind.StageEnded => StageEnded(context),
            EchoEventKind.TaskStarting or EchoEventKind.TaskEnded => TaskEvent(context),
            EchoEventKind.Build => Build(context),
            EchoEventKind.Git => Git(context),
            EchoEventKind.Manual => Manual(context),
            _ => External(context),
        };
    }

    private static NormalizationResult ExecutionStarted(Context c)
    {
        var execution = ExecutionReader.Read(c.Event, c.Tenant, Statuses.Running, statusMustBeComplete: false);
        var stages = c.Snapshot;
        var occurredAt = c.Time(execution.StartTime?.ToUnixTimeMilliseconds() ?? c.Event.Execution.EpochMs("buildTime"));
        var pipeline = c.Event.Kind == EchoEventKind.PipelineStarting;
        var id = c.Id(execution.ExecutionId, pipeline ? "pipeline-started" : "orchestration-started", DeterministicEventId.Ms(execution.StartTime));
        object record = pipeline
            ? new PipelineStarted(id, occurredAt, execution, stages)
            : new OrchestrationStarted(id, occurredAt, execution, stages);
        return c.Single(execution.ExecutionId, StreamTypes.Execution, record, id, occurredAt);
    }

    private static NormalizationResult ExecutionEnded(Context c)
    {
        var canceled = c.Event.Execution.Bool("canceled") ?? c.Event.Content.Bool("canceled") ?? false;
        var execution = ExecutionReader.Read(c.Event, c.Tenant, Statuses.FromOutcome(c.Event.Outcome, canceled), statusMustBeComplete: true);
        var stages = c.Snapshot;
        // A failed execution can come without endTime (canceled before it started, or the early cancel event).
        var occurredAt = c.Time(execution.EndTime?.ToUnixTimeMilliseconds());
        var pipeline = c.Event.Kind == EchoEventKind.PipelineEnded;
        var id = c.Id(execution.ExecutionId, pipeline ? "pipeline-completed" : "orchestration-completed",
            execution.Status, DeterministicEventId.Ms(execution.EndTime));
        object record = pipeline
            ? new PipelineCompleted(id, occurredAt, execution, stages)
            : new OrchestrationCompleted(id, occurredAt, execution, stages);
        return c.Single(execution.ExecutionId, StreamTypes.Execution, record, id, occurredAt);
    }

    private static NormalizationResult StageStarted(Context c)
    {
        var execution = ExecutionReader.Read(c.Event, c.Tenant, Statuses.Running, statusMustBeComplete: false);
        var stage = ReadEventStage(c, Statuses.Running, ended: false);
        var occurredAt = c.Time(stage.StartTime?.ToUnixTimeMilliseconds());
        var id = c.Id(execution.ExecutionId, "stage-started", stage.Id, stage.Status, DeterministicEventId.Ms(stage.StartTime));
        return c.Single(execution.ExecutionId, StreamTypes.Execution, new StageStarted(id, occurredAt, execution, stage, c.SnapshotBeside(stage)), id, occurredAt);
    }

    private static NormalizationResult StageEnded(Context c)
    {
        var execution = ExecutionReader.Read(c.Event, c.Tenant, Statuses.Running, statusMustBeComplete: false);
        var stage = ReadEventStage(c, Statuses.FromOutcome(c.Event.Outcome, execution.Canceled), ended: true);
        var occurredAt = c.Time(stage.EndTime?.ToUnixTimeMilliseconds());
        var id = c.Id(execution.ExecutionId, "stage-completed", stage.Id, stage.Status, DeterministicEventId.Ms(stage.EndTime));
        var events = new List<NormalizedEvent>
        {
            c.Normalized(execution.ExecutionId, StreamTypes.Execution, new StageCompleted(id, occurredAt, execution, stage, c.SnapshotBeside(stage)), id, occurredAt),
        };

        if (stage.Judgment is { } judgment)
        {
            var judgedAt = judgment.JudgedAt ?? occurredAt;
            long? waited = stage is { StartTime: { } start, EndTime: { } end } ? (long)(end - start).TotalMilliseconds : null;
            var judgmentId = c.Id(execution.ExecutionId, "judgment", stage.Id, judgment.Status, DeterministicEventId.Ms(judgment.JudgedAt));
            events.Add(c.Normalized(execution.ExecutionId, StreamTypes.Execution,
                new ManualJudgmentResolved(judgmentId, judgedAt, execution, stage, judgment, waited), judgmentId, judgedAt));
        }
        return NormalizationResult.Normalized(events);
    }

    private static NormalizationResult TaskEvent(Context c)
    {
        var ended = c.Event.Kind == EchoEventKind.TaskEnded;
        var execution = ExecutionReader.Read(c.Event, c.Tenant, Statuses.Running, statusMustBeComplete: false);
        var stageId = c.Event.StageId!;
        var stageElement = StageReader.Find(c.Event.StageElements, stageId);
        var parts = c.Event.TaskNameParts!;
        var stageType = stageElement.Str("type") ?? stageElement.Obj("context").Str("type") ?? parts.StageType;

        var impliedStatus = ended ? Statuses.FromOutcome(c.Event.Outcome, execution.Canceled) : Statuses.Running;
        var task = FindTask(stageElement, parts, ended) is { } element && StageReader.ReadTask(element) is { } found
            ? found
            : new TaskInfo(parts.TaskName, parts.TaskName, impliedStatus, null, null, null);
        task = task with { Status = ReconcileStatus(task.Status, impliedStatus, ended) };

        var time = ended ? task.EndTime : task.StartTime;
        var occurredAt = c.Time(time?.ToUnixTimeMilliseconds());
        var id = c.Id(execution.ExecutionId, ended ? "task-completed" : "task-started", stageId, task.Id, task.Status, DeterministicEventId.Ms(time));
        object record = ended
            ? new TaskCompleted(id, occurredAt, execution, stageId, stageType, task, c.Snapshot)
            : new TaskStarted(id, occurredAt, execution, stageId, stageType, task, c.Snapshot);
        return c.Single(execution.ExecutionId, StreamTypes.Execution, record, id, occurredAt);
    }

    /// <summary>
    /// The stage a stage event is about: from the execution snapshot when there, else from what the event carries
    /// beside it. Orca serializes the execution asynchronously, so the stage's own status and times are completed from
    /// the event type and <c>content.startTime</c>/<c>endTime</c> when they are missing or stale.
    /// </summary>
    private static StageInfo ReadEventStage(Context c, string impliedStatus, bool ended)
    {
        var evt = c.Event;
        var stageId = evt.StageId!;
        var stage = c.Snapshot.FirstOrDefault(s => s.Id == stageId) ?? StageReader.FromContent(evt, stageId, impliedStatus);
        return stage with
        {
            Name = stage.Name ?? evt.Content.Str("name"),
            Status = ReconcileStatus(stage.Status, impliedStatus, ended),
            StartTime = stage.StartTime ?? evt.Content.EpochMs("startTime").ToTime(),
            EndTime = ended ? stage.EndTime ?? evt.Content.EpochMs("endTime").ToTime() : stage.EndTime,
        };
    }

    private static string ReconcileStatus(string status, string impliedStatus, bool ended) =>
        ended
            ? Statuses.IsComplete(status) ? status : impliedStatus
            : status == Statuses.NotStarted ? impliedStatus : status;

    /// <summary>
    /// The task a task event is about, by name within its stage. Names can repeat in one stage (e.g. two
    /// <c>promoteOutputs</c>): an end event takes the finished one that ended last, a start event the running one.
    /// </summary>
    private static JsonElement? FindTask(JsonElement? stage, TaskNameParts parts, bool ended)
    {
        if (stage is null) return null;
        foreach (var candidate in parts.Candidates)
        {
            JsonElement? best = null;
            long bestRank = long.MinValue;
            foreach (var task in stage.Items("tasks"))
            {
                if (!string.Equals(task.Str("name"), candidate, StringComparison.Ordinal)) continue;
                var status = Statuses.Normalize(task.Str("status"));
                long rank = ended
                    ? Statuses.IsComplete(status) ? task.EpochMs("endTime") ?? 0 : long.MinValue + 1
                    : status == Statuses.Running ? long.MaxValue : task.EpochMs("startTime") is not null && task.EpochMs("endTime") is null ? 1 : 0;
                if (best is null || rank > bestRank)
                {
                    best = task;
                    bestRank = rank;
                }
            }
            if (best is not null) return best;
        }
        return null;
    }

    /// <summary>What every mapping needs: the event, the receipt, and the id and time rules.</summary>
    private sealed class Context(EchoEvent evt, EchoWebhookReceived receipt)
    {
        public EchoEvent Event { get; } = evt;

        public string Tenant { get; } = receipt.Tenant;

        /// <summary>
        /// Every stage of the event's <c>content.execution</c>, read once. Pipeline events carry it as their stage
        /// graph; stage and task events carry it too, so that every stage any event saw reaches the execution tree.
        /// </summary>
        public IReadOnlyList<StageInfo> Snapshot => _snapshot ??= StageReader.ReadAll(Event.StageElements);

        /// <summary>
        /// The snapshot without the stage a stage event is about: the event carries that one as its <c>Stage</c>, the
        /// same observation completed from the event type, which the merge prefers anyway. Stage events are the most
        /// frequent; not repeating their stage (tasks included) keeps them small.
        /// </summary>
        public IReadOnlyList<StageInfo> SnapshotBeside(StageInfo stage) => [.. Snapshot.Where(s => s.Id != stage.Id)];

        private IReadOnlyList<StageInfo>? _snapshot;

        /// <summary>Deterministic id of <c>tenant|executionOrStream|kind|...</c>.</summary>
        public Guid Id(string scope, string kind, params string?[] rest) =>
            DeterministicEventId.From([Tenant, scope, kind, .. rest]);

        /// <summary>
        /// The payload's time for the event; else <c>details.created</c> (when Echo built the event); the receipt
        /// time only when the payload has no time at all.
        /// </summary>
        public DateTimeOffset Time(long? payloadMs) =>
            payloadMs.ToTime() ?? Event.CreatedMs.ToTime() ?? receipt.ReceivedAt.ToUniversalTime();

        public NormalizedEvent Normalized(string streamId, string streamType, object record, Guid id, DateTimeOffset occurredAt) =>
            new(streamId, streamType, IngestEventTypes.AliasOf(record.GetType()), record, id, occurredAt);

        public NormalizationResult Single(string streamId, string streamType, object record, Guid id, DateTimeOffset occurredAt) =>
            NormalizationResult.Normalized([Normalized(streamId, streamType, record, id, occurredAt)]);
    }
}
