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
    public static IReadOnlyList<object> ReleaseWithCanary()
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
        var final = new[]
        {
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
        };

        var events = new List<object> { PipelineStarted(Execution(), planned) };
        foreach (var stage in final)
        {
            var started = stage with { Status = "RUNNING", EndTime = null, Tasks = [] };
            events.Add(StageStarted(started));
            foreach (var task in stage.Tasks)
            {
                events.Add(TaskStarted(stage, task with { Status = "RUNNING", EndTime = null }));
                events.Add(TaskCompleted(stage, task));
            }
            // Ingest reads a stage from the event's own content when the payload lacks the execution.
            events.Add(StageCompleted(stage.Id == Id("2>1") ? stage with { RefId = null, ParentStageId = null, SyntheticStageOwner = null } : stage));
        }
        events.Add(JudgmentResolved(final[4], new JudgmentInfo("continue", null, "bob", At(119))));
        events.Add(PipelineCompleted(done, final));
        return events;
    }
}
