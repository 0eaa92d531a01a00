using System.Security.Cryptography;
using System.Text;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.CanaryScore.Tests.Support;

/// <summary>
/// A pipeline run with a deploy of a canary and a <c>kayentaCanary</c> stage, described the way ingest publishes it:
/// the parent holds config, thresholds and the per-interval <c>canaryScores</c>; its <c>runCanaryIntervals</c> child
/// holds one <c>runCanary</c> stage per interval (Kayenta execution id, Orca's score, <c>lastUpdatedIso</c>). Modelled on
/// Orca's orca-kayenta stages. Event ids are deterministic, so publishing one again is a redelivery.
/// </summary>
internal sealed class CanaryPipelineRun(string tenant, string executionId, string application = "checkout", DateTimeOffset? start = null)
{
    public static readonly DateTimeOffset T0 = new(2024, 5, 14, 22, 0, 0, TimeSpan.Zero);

    public string Tenant { get; } = tenant;
    public string ExecutionId { get; } = executionId;
    public string Application { get; } = application;
    public DateTimeOffset Start { get; } = start ?? T0;

    public string ConfigId { get; init; } = "a6dae44a-513f-45a9-95b2-22c1e098662f";
    public string? ConfigName { get; init; } = "checkout-latency";
    public double? Pass { get; init; } = 90;
    public double? Marginal { get; init; } = 75;
    public string ExperimentScope { get; init; } = "checkout-api-canary-v012";
    public string Location { get; init; } = "us-east-1";
    public string DeployAccount { get; init; } = "prod-us";

    private readonly List<(string? KayentaId, double? Score, string Status)> _intervals = [];

    public string CanaryStageId => $"{ExecutionId}-canary";
    public string IntervalsStageId => $"{ExecutionId}-intervals";
    public string RunCanaryStageId(int interval) => $"{ExecutionId}-run-{interval}";

    /// <summary>Adds an interval (1, 2, ...): its Kayenta execution, Orca's reading of the score, the stage's outcome.</summary>
    public CanaryPipelineRun Interval(string? kayentaId, double? score, string status = "SUCCEEDED")
    {
        _intervals.Add((kayentaId, score, status));
        return this;
    }

    /// <summary>When Orca last polled Kayenta for interval <paramref name="interval"/>: 15 minutes per interval.</summary>
    public DateTimeOffset ScoredAt(int interval) => Start + TimeSpan.FromMinutes(15 * interval) + TimeSpan.FromSeconds(40);

    private DateTimeOffset End => ScoredAt(_intervals.Count) + TimeSpan.FromSeconds(5);

    private IReadOnlyList<CanaryScopeInfo> Scopes(int? interval) =>
    [
        new("default", "checkout-api-baseline-v011", Location, ExperimentScope, Location,
            interval is null ? null : Start, interval is { } i ? Start + TimeSpan.FromMinutes(15 * i) : null, 60),
    ];

    public StageInfo DeployStage => Stage($"{ExecutionId}-deploy", "1", "deploy", "Deploy canary", "SUCCEEDED", Start - TimeSpan.FromMinutes(5), Start - TimeSpan.FromMinutes(1))
        with { CloudProvider = "aws", Account = DeployAccount, Regions = [Location], Cluster = "checkout-api-canary" };

    /// <summary>The parent; <paramref name="withScores"/> once Orca aggregated the intervals.</summary>
    public StageInfo CanaryStage(bool withScores = true, string status = "SUCCEEDED") =>
        Stage(CanaryStageId, "2", "kayentaCanary", "Canary Analysis", status, Start, End) with
        {
            RequisiteStageRefIds = ["1"],
            Canary = new CanaryInfo(ConfigId, ConfigName, "prometheus-prod", "kayenta-gcs", Pass, Marginal, Scopes(null),
                withScores ? [.. _intervals.Where(i => i.Score is not null).Select(i => i.Score!.Value)] : [],
                withScores ? "Final canary score met or exceeded the pass score threshold." : null,
                IntervalsStageId, null, null, null, null, null, []),
        };

    public StageInfo IntervalsStage => Stage(IntervalsStageId, "2<1", "runCanaryIntervals", "Run Canary Intervals", "SUCCEEDED", Start, End) with
    {
        ParentStageId = CanaryStageId,
        SyntheticStageOwner = "STAGE_BEFORE",
    };

    public StageInfo RunCanaryStage(int interval)
    {
        var (kayentaId, score, status) = _intervals[interval - 1];
        return Stage(RunCanaryStageId(interval), $"2<1<{interval}", "runCanary", $"Run Canary #{interval}", status,
            ScoredAt(interval) - TimeSpan.FromSeconds(41), ScoredAt(interval) + TimeSpan.FromSeconds(1)) with
        {
            ParentStageId = IntervalsStageId,
            SyntheticStageOwner = "STAGE_BEFORE",
            Errors = status == "SUCCEEDED" || score is not null ? [] : ["Kayenta canary execution failed: Either a resource type or a custom filter is required."],
            Canary = new CanaryInfo(ConfigId, null, "prometheus-prod", "kayenta-gcs", Pass, Marginal, Scopes(interval), [], null, null,
                interval, kayentaId, score is not null ? "SUCCEEDED" : status == "RUNNING" ? "RUNNING" : "TERMINAL", score, ScoredAt(interval), []),
        };
    }

    /// <summary>Every stage of the finished run.</summary>
    public IReadOnlyList<StageInfo> Stages(bool withParentScores = true) =>
        [DeployStage, CanaryStage(withParentScores), IntervalsStage, .. Enumerable.Range(1, _intervals.Count).Select(RunCanaryStage)];

    public ExecutionInfo Execution(bool ended) => new(
        Tenant, Application, ExecutionId, "PIPELINE", "Canary checkout-api", "canary-config", ended ? "SUCCEEDED" : "RUNNING",
        Start - TimeSpan.FromMinutes(6), ended ? End + TimeSpan.FromSeconds(1) : null,
        new TriggerInfo("manual", "alice@example.com", null, null, null, null, null), null, false, null, null);

    /// <summary>The end of interval <paramref name="interval"/>'s runCanary stage, its snapshot holding the stages before it.</summary>
    public StageCompleted RunCanaryCompleted(int interval)
    {
        var stage = RunCanaryStage(interval);
        var before = Stages(withParentScores: false).Where(s => s.Id != stage.Id && (s.Type != "runCanary" || s.Name!.CompareTo(stage.Name) < 0));
        return new StageCompleted(Id("stage-completed", stage.Id), stage.EndTime!.Value, Execution(ended: false), stage, [.. before]);
    }

    public StageCompleted CanaryStageCompleted()
    {
        var stage = CanaryStage();
        return new StageCompleted(Id("stage-completed", stage.Id), stage.EndTime!.Value, Execution(ended: false), stage,
            [.. Stages().Where(s => s.Id != stage.Id)]);
    }

    public PipelineCompleted Completed(bool withIntervals = true) => new(Id("pipeline-completed"), End + TimeSpan.FromSeconds(1), Execution(ended: true),
        withIntervals ? Stages() : [DeployStage, CanaryStage()]);

    /// <summary>Each interval's end, the canary stage's end and the pipeline's, as Orca sends them.</summary>
    public IReadOnlyList<IExecutionEvent> Events() =>
        [.. Enumerable.Range(1, _intervals.Count).Select(RunCanaryCompleted), CanaryStageCompleted(), Completed()];

    private static StageInfo Stage(string id, string refId, string type, string name, string status, DateTimeOffset start, DateTimeOffset end) =>
        new(id, refId, type, name, status, start, end, [], null, null, null, null, [], null, null, [], [], null, null);

    private Guid Id(params string[] parts) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes(string.Join('|', [Tenant, ExecutionId, .. parts]))));
}
