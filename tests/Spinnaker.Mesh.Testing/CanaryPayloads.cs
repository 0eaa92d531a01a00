using System.Text.Json.Nodes;
using static Spinnaker.Mesh.Testing.EchoPayloads;

namespace Spinnaker.Mesh.Testing;

/// <summary>
/// A finished canary analysis as Orca reports it, after the shared fixture
/// <c>echo/synthetic-stage-complete-kayentacanary.json</c>: <c>orca:stage:complete</c> of the <c>kayentaCanary</c> stage,
/// whose execution holds its <c>runCanaryIntervals</c> child and, below that, two wait + <c>runCanary</c> intervals.
/// Each part can be changed to write the shapes real contexts vary in.
/// </summary>
public static class CanaryPayloads
{
    public const string ExecutionId = "01HXWHX6R3HFD8E84SY7VMEQQ9";
    public const string CanaryStageId = "01HXWHX6R4D7QW08H952ZT5QBT";
    public const string IntervalsStageId = "01HXWHX7ARA7HJ63B6JPTKXGZ0";
    public const string Run1StageId = "01HXWHX7DXDEMQDKECW418V9WY";
    public const string Run2StageId = "01HXWHX7DZFD78AKD21WMFW13B";
    public const string ConfigId = "a6dae44a-513f-45a9-95b2-22c1e098662f";
    public const string Run1KayentaId = "01HXWJRPAW82VSPQWCAQG7CF75";
    public const string Run2KayentaId = "01HXWKND2W5NRWRHPV3D401ADS";

    /// <summary>2024-05-14T22:00:00Z, when the canary stage started.</summary>
    public const long Start = 1_715_724_000_000;

    public static JsonObject CanaryConfig() => new()
    {
        ["canaryConfigId"] = ConfigId,
        ["lifetimeDuration"] = "PT0H30M",
        ["canaryAnalysisIntervalMins"] = "15",
        ["metricsAccountName"] = "prometheus-prod",
        ["storageAccountName"] = "kayenta-gcs",
        ["scopes"] = new JsonArray(new JsonObject
        {
            ["scopeName"] = "default",
            ["controlScope"] = "checkout-api-baseline",
            ["controlLocation"] = "checkout",
            ["experimentScope"] = "checkout-api-canary",
            ["experimentLocation"] = "checkout",
            ["step"] = 60,
            ["extendedScopeParams"] = new JsonObject(),
        }),
        ["scoreThresholds"] = new JsonObject { ["marginal"] = 75, ["pass"] = 90 },
    };

    public static JsonObject CanaryContext() => new()
    {
        ["analysisType"] = "realTime",
        ["canaryConfig"] = CanaryConfig(),
        ["intervalStageId"] = IntervalsStageId,
        ["canaryScores"] = new JsonArray(88.4, 93.1),
        ["canaryScoreMessage"] = "Final canary score 93.1 met or exceeded the pass score threshold.",
    };

    /// <summary>The context Orca's RunCanaryIntervalsStage gives interval <paramref name="interval"/> (windows grow by 15 minutes).</summary>
    public static JsonObject RunContext(int interval, string kayentaId, double score, long lastUpdated)
    {
        JsonObject Scope(string scope) => new()
        {
            ["scope"] = scope,
            ["location"] = "checkout",
            ["start"] = "2024-05-14T22:00:00Z",
            ["end"] = interval == 1 ? "2024-05-14T22:15:00Z" : "2024-05-14T22:30:00Z",
            ["step"] = 60,
            ["extendedScopeParams"] = new JsonObject(),
        };
        return new JsonObject
        {
            ["metricsAccountName"] = "prometheus-prod",
            ["storageAccountName"] = "kayenta-gcs",
            ["canaryConfigId"] = ConfigId,
            ["scopes"] = new JsonObject
            {
                ["default"] = new JsonObject { ["controlScope"] = Scope("checkout-api-baseline"), ["experimentScope"] = Scope("checkout-api-canary") },
            },
            ["scoreThresholds"] = new JsonObject { ["pass"] = 90, ["marginal"] = 75 },
            ["siteLocal"] = new JsonObject(),
            ["continuePipeline"] = false,
            ["canaryPipelineExecutionId"] = kayentaId,
            ["canaryPipelineStatus"] = "SUCCEEDED",
            ["lastUpdated"] = lastUpdated,
            ["lastUpdatedIso"] = DateTimeOffset.FromUnixTimeMilliseconds(lastUpdated).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
            ["durationString"] = interval == 1 ? "PT15M" : "PT30M",
            ["canaryScore"] = score,
            ["warnings"] = new JsonArray(),
        };
    }

    public static JsonObject Run1Context() => RunContext(1, Run1KayentaId, 88.4, Start + 940_400);

    public static JsonObject Run2Context() => RunContext(2, Run2KayentaId, 93.1, Start + 1_879_000);

    /// <summary>
    /// <c>orca:stage:complete</c> of the canary stage. The changes apply to the canary stage's context and the two
    /// interval contexts before the event is written (the event's <c>content.context</c> is the canary stage's).
    /// </summary>
    public static string CanaryCompleted(Action<JsonObject>? canary = null, Action<JsonObject>? run1 = null, Action<JsonObject>? run2 = null,
        string canaryType = "kayentaCanary", string runType = "runCanary")
    {
        var canaryContext = CanaryContext();
        canary?.Invoke(canaryContext);
        var run1Context = Run1Context();
        run1?.Invoke(run1Context);
        var run2Context = Run2Context();
        run2?.Invoke(run2Context);

        var end = Start + 1_880_310;
        var stage = StageNode(CanaryStageId, "1", canaryType, "Canary Analysis", "SUCCEEDED", Start + 420, end, canaryContext,
            [TaskNode("1", "aggregateCanaryResults", "SUCCEEDED", end - 300, end - 40)]);
        var intervals = StageNode(IntervalsStageId, "1<1", "runCanaryIntervals", "Run Canary Intervals", "SUCCEEDED", Start + 480, end - 350,
            new JsonObject { ["canaryConfig"] = CanaryConfig(), ["continuePipeline"] = false }, parentStageId: CanaryStageId, owner: "STAGE_BEFORE");
        var wait1 = Wait("01HXWHX7DW1E3K0Y6PRRHGPQGN", "1<1<1", [], "Interval Wait #1", Start + 520, Start + 900_560);
        var runStage1 = StageNode(Run1StageId, "1<1<2", runType, "Run Canary #1", "SUCCEEDED", Start + 900_610, Start + 941_300, run1Context,
            [TaskNode("1", "runCanary", "SUCCEEDED", Start + 900_640, Start + 901_020), TaskNode("2", "monitorCanary", "SUCCEEDED", Start + 901_050, Start + 941_260)],
            requisite: ["1<1<1"], parentStageId: IntervalsStageId, owner: "STAGE_BEFORE");
        runStage1["outputs"] = new JsonObject { ["canaryPipelineExecutionId"] = Run1KayentaId, ["canaryConfigId"] = ConfigId };
        var wait2 = Wait("01HXWHX7DY6KH7N2QPVTK45MDV", "1<1<3", ["1<1<2"], "Interval Wait #2", Start + 941_350, Start + 1_841_390);
        var runStage2 = StageNode(Run2StageId, "1<1<4", runType, "Run Canary #2", "SUCCEEDED", Start + 1_841_440, Start + 1_879_900, run2Context,
            [TaskNode("1", "runCanary", "SUCCEEDED", Start + 1_841_470, Start + 1_841_850), TaskNode("2", "monitorCanary", "SUCCEEDED", Start + 1_841_880, Start + 1_879_860)],
            requisite: ["1<1<3"], parentStageId: IntervalsStageId, owner: "STAGE_BEFORE");
        runStage2["outputs"] = new JsonObject { ["canaryPipelineExecutionId"] = Run2KayentaId, ["canaryConfigId"] = ConfigId };

        var execution = ExecutionNode(ExecutionId, "Canary checkout-api", "RUNNING", Start + 200, null, Trigger(), Application,
            stage, intervals, wait1, runStage1, wait2, runStage2);
        return Event("orca:stage:complete", StageContent(execution, stage), end + 61);
    }

    /// <summary>
    /// <c>orca:stage:complete</c> of Run Canary #1 as a payload without <c>content.execution</c> (older Echo, or a
    /// trimmed event): the stage's type is unknown, only its context and name arrive.
    /// </summary>
    public static string RunCompletedWithoutExecution(Action<JsonObject>? run = null)
    {
        var context = Run1Context();
        run?.Invoke(context);
        var content = new JsonObject
        {
            ["standalone"] = false,
            ["canceled"] = false,
            ["context"] = context,
            ["startTime"] = Start + 900_610,
            ["endTime"] = Start + 941_300,
            ["executionId"] = ExecutionId,
            ["stageId"] = Run1StageId,
            ["isSynthetic"] = true,
            ["name"] = "Run Canary #1",
        };
        return Event("orca:stage:complete", content, Start + 941_371);
    }

    private static JsonObject Wait(string id, string refId, string[] after, string name, long start, long end) =>
        StageNode(id, refId, "wait", name, "SUCCEEDED", start, end, new JsonObject { ["waitTime"] = 900 },
            [TaskNode("1", "wait", "SUCCEEDED", start + 20, end - 30)], requisite: after, parentStageId: IntervalsStageId, owner: "STAGE_BEFORE");

    private static JsonObject Trigger() => new()
    {
        ["type"] = "manual",
        ["user"] = Alice,
        ["parameters"] = new JsonObject(),
        ["artifacts"] = new JsonArray(),
        ["other"] = new JsonObject { ["type"] = "manual", ["user"] = Alice },
    };
}
