using Spinnaker.Mesh.Contracts.Executions.V1;
using static Spinnaker.Mesh.ExecutionTree.Tests.Domain.ExecutionEvents;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Domain;

/// <summary>Whole event streams of one execution, in the order Orca emits them.</summary>
internal static class Scenarios
{
    public const string ChildExecutionId = "01HXCHILD00000000000000000";

    /// <summary>
    /// bake (1) forks into a deploy (2, with an execution window before and a disable after) and a manual judgment
    /// (3); a canary (4, with intervals and two runs nested below) joins them; a pipeline stage (5) starts a child.
    /// Every stage has start, task and end events; one stage event came without the execution (no refId, no links).
    /// </summary>
    public static IReadOnlyList<object> ReleaseWithCanary() => Release(withSnapshots: false);

    /// <summary>
    /// <see cref="ReleaseWithCanary"/> as current Echo sends it: every stage and task event also carries the execution
    /// as Orca serialized it a second before (so an event's own stage is often a step behind in it). A synthetic stage
    /// appears in snapshots once its parent started, as Orca plans it then.
    /// </summary>
    public static IReadOnlyList<object> ReleaseWithCanarySnapshots() => Release(withSnapshots: true);

    /// <summary>The stages of <see cref="ReleaseWithCanary"/> in their final state.</summary>
    public static IReadOnlyList<StageInfo> ReleaseStages { get; } = Final();

    /// <summary>The stages an execution snapshot of the release shows at <paramref name="time"/>.</summary>
    public static IReadOnlyList<StageInfo> ReleaseSnapshotAt(DateTimeOffset time)
    {
        var byId = ReleaseStages.ToDictionary(s => s.Id);
        return [.. ReleaseStages
            .Where(s => s.ParentStageId is not { } parent || byId[parent].StartTime <= time)
            .Select(s => s.StartTime > time
                ? s with { Status = "NOT_STARTED", StartTime = null, EndTime = null, Tasks = [] }
                : s.EndTime > time
                    ? s with { Status = "RUNNING", EndTime = null, Tasks = [.. s.Tasks.Where(t => t.StartTime <= time).Select(t => t.EndTime > time ? t with { Status = "RUNNING", EndTime = null } : t)] }
                    : s)];
    }

    private static IReadOnlyList<object> Release(bool withSnapshots)
    {
        var done = Execution("SUCCEEDED", end: At(500));
        StageInfo[] planned =
        [
            Stage("1", type: "bake"),
            Stage("2", ["1"], "deployManifest"),
            Stage("3", ["1"], "manualJudgment"),
            Stage("4", ["2", "3"], "kayentaCanary"),
            Stage("5", ["4"], "pipeline"),
        ];
        var final = ReleaseStages;
        IReadOnlyList<StageInfo>? Snapshot(DateTimeOffset? time) => withSnapshots ? ReleaseSnapshotAt((time ?? T0).AddSeconds(-1)) : null;

        var events = new List<object> { PipelineStarted(Execution(), planned) };
        foreach (var stage in final)
        {
            var started = stage with { Status = "RUNNING", EndTime = null, Tasks = [] };
            events.Add(StageStarted(started, snapshot: Snapshot(stage.StartTime)));
            foreach (var task in stage.Tasks)
            {
                events.Add(TaskStarted(stage, task with { Status = "RUNNING", EndTime = null }, snapshot: Snapshot(task.StartTime)));
                events.Add(TaskCompleted(stage, task, snapshot: Snapshot(task.EndTime)));
            }
            // Ingest reads a stage from the event's own content when the payload lacks the execution.
            events.Add(stage.Id == Id("2>1")
                ? StageCompleted(stage with { RefId = null, ParentStageId = null, SyntheticStageOwner = null })
                : StageCompleted(stage, snapshot: Snapshot(stage.EndTime)));
        }
        events.Add(JudgmentResolved(final[4], new JudgmentInfo("continue", null, "bob", At(119))));
        events.Add(PipelineCompleted(done, [.. final]));
        return events;
    }

    private static StageInfo[] Final() =>
        [
            Stage("1", type: "bake", status: "SUCCEEDED", start: At(0), end: At(60), tasks: [Task("1", "createBake", "SUCCEEDED", At(0), At(60))]),
            Stage("2", ["1"], "deployManifest", "SUCCEEDED", At(60), At(200), tasks: [Task("1", "deployManifest", "SUCCEEDED", At(90), At(150))]),
            Stage("2<1", type: "restrictExecutionDuringTimeWindow", status: "SUCCEEDED", start: At(60), end: At(90), parentStageId: Id("2"), owner: "STAGE_BEFORE"),
            Stage("2>1", type: "disableManifest", status: "SUCCEEDED", start: At(150), end: At(200), parentStageId: Id("2"), owner: "STAGE_AFTER"),
            Stage("3", ["1"], "manualJudgment", "SUCCEEDED", At(60), At(120), tasks: [Task("1", "waitForJudgment", "SUCCEEDED", At(60), At(120))]),
            Stage("4", ["2", "3"], "kayentaCanary", "SUCCEEDED", At(200), At(400)),
            Stage("4<1", type: "runCanaryIntervals", status: "SUCCEEDED", start: At(200), end: At(400), parentStageId: Id("4"), owner: "STAGE_BEFORE"),
            Stage("4<1<1", type: "runCanary", status: "SUCCEEDED", start: At(200), end: At(300), parentStageId: Id("4<1"), owner: "STAGE_BEFORE"),
            Stage("4<1<2", ["4<1<1"], "runCanary", "SUCCEEDED", At(300), At(400), parentStageId: Id("4<1"), owner: "STAGE_BEFORE"),
            Stage("5", ["4"], "pipeline", "SUCCEEDED", At(400), At(500), childExecutionId: ChildExecutionId,
                tasks: [Task("1", "startPipeline", "SUCCEEDED", At(400), At(401)), Task("2", "monitorPipeline", "SUCCEEDED", At(401), At(500))]),
        ];
}
