using System.Security.Cryptography;
using System.Text;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Api.Support;

/// <summary>
/// A pipeline run described the way ingest publishes it: the stages are declared with their final outcome, and the
/// run yields the normalized events of its whole life (start, each stage's start, tasks and end, completion), each
/// with a deterministic id so that publishing one again is a redelivery. Times are seconds after <see cref="Start"/>.
/// </summary>
internal sealed class PipelineRun(
    string tenant, string executionId, string application = "checkout", string pipeline = "Deploy to production",
    DateTimeOffset? start = null, string status = "SUCCEEDED", TriggerInfo? trigger = null)
{
    /// <summary>2024-05-14T15:00:00Z.</summary>
    public static readonly DateTimeOffset T0 = new(2024, 5, 14, 15, 0, 0, TimeSpan.Zero);

    private readonly List<StageInfo> _stages = [];

    public string Tenant { get; } = tenant;
    public string ExecutionId { get; } = executionId;
    public string Application { get; } = application;
    public string Pipeline { get; } = pipeline;
    public DateTimeOffset Start { get; } = start ?? T0;
    public string Status { get; } = status;
    public TriggerInfo Trigger { get; } = trigger ?? new TriggerInfo("manual", "alice@example.com", null, null, null, null, null);

    /// <summary>One second after the last stage ended.</summary>
    public DateTimeOffset End => (_stages.Select(s => s.EndTime ?? s.StartTime).Max() ?? Start) + TimeSpan.FromSeconds(1);

    public IReadOnlyList<StageInfo> Stages => _stages;

    public string StageId(string refId) => $"{ExecutionId}-{refId}";

    /// <summary>Adds a stage with one task; <paramref name="parent"/> is the parent's refId for a synthetic stage.</summary>
    public PipelineRun Stage(
        string refId, string type, double at, double seconds, string[]? after = null, string status = "SUCCEEDED",
        string? name = null, string? parent = null, string? owner = null, string? cloudProvider = null, string? account = null,
        string[]? regions = null, string? cluster = null, string[]? errors = null, string? childExecutionId = null)
    {
        var stageStart = Start + TimeSpan.FromSeconds(at);
        var stageEnd = stageStart + TimeSpan.FromSeconds(seconds);
        var task = new TaskInfo("1", type, status, stageStart, stageEnd, errors?.FirstOrDefault());
        _stages.Add(new StageInfo(
            StageId(refId), refId, type, name ?? $"{type} {refId}", status, stageStart, stageEnd, after ?? [],
            parent is null ? null : StageId(parent), owner, cloudProvider, account, regions ?? [], cluster, null,
            errors ?? [], [task], null, childExecutionId));
        return this;
    }

    public ExecutionInfo Execution(bool ended) => new(
        Tenant, Application, ExecutionId, "PIPELINE", Pipeline, $"{Pipeline} config", ended ? Status : "RUNNING",
        Start, ended ? End : null, Trigger, null, false, null, null);

    public PipelineStarted Started() => new(
        Id("pipeline-started"), Start, Execution(ended: false),
        [.. _stages.Select(s => s with { Status = "NOT_STARTED", StartTime = null, EndTime = null, Tasks = [], Errors = [] })]);

    public StageStarted StageStarted(StageInfo stage) => new(
        Id("stage-started", stage.Id), stage.StartTime!.Value, Execution(ended: false),
        stage with { Status = "RUNNING", EndTime = null, Errors = [], Tasks = [.. stage.Tasks.Select(t => t with { Status = "RUNNING", EndTime = null, Error = null })] });

    public TaskCompleted TaskCompleted(StageInfo stage, TaskInfo task) => new(
        Id("task-completed", stage.Id, task.Id), task.EndTime!.Value, Execution(ended: false), stage.Id, stage.Type, task);

    public StageCompleted StageCompleted(StageInfo stage) => new(Id("stage-completed", stage.Id), stage.EndTime!.Value, Execution(ended: false), stage);

    public PipelineCompleted Completed() => new(Id("pipeline-completed"), End, Execution(ended: true), [.. _stages]);

    /// <summary>Every event of the run, in the order Orca would send them.</summary>
    public IReadOnlyList<object> Events()
    {
        var events = new List<object> { Started() };
        foreach (var stage in _stages.OrderBy(s => s.StartTime))
        {
            events.Add(StageStarted(stage));
            events.AddRange(stage.Tasks.Select(t => TaskCompleted(stage, t)));
            events.Add(StageCompleted(stage));
        }
        events.Add(Completed());
        return events;
    }

    /// <summary>Like ingest's ids: the same observation of the same execution always has the same id.</summary>
    private Guid Id(params string[] parts) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes(string.Join('|', [Tenant, ExecutionId, .. parts]))));
}
