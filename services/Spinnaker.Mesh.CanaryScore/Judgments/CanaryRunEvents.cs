using Spinnaker.Mesh.Contracts.Canary.V1;

namespace Spinnaker.Mesh.CanaryScore.Judgments;

/// <summary>
/// A canary run (one Kayenta canary execution, one interval of a <c>kayentaCanary</c> stage) as Orca reported it through
/// Echo's execution events. Stored once per run (the first snapshot that shows it finished); Orca's score is the
/// integer it read (<see cref="Score"/> is truncated toward zero).
/// </summary>
/// <param name="Status"><c>succeeded</c> when Orca read a score; otherwise the lower-cased failure (<c>terminal</c>, <c>canceled</c>...).</param>
/// <param name="CanaryStageId">The <c>kayentaCanary</c> stage the run belongs to, when the snapshot holds it.</param>
/// <param name="StageId">The <c>runCanary</c> stage, when the run is known from one (not only from the parent's scores).</param>
/// <param name="Interval">The interval's number, from 1.</param>
/// <param name="Service">The experiment scope without its server-group version and canary suffix (<see cref="CanaryService"/>).</param>
/// <param name="Account">The deploy account of that service in the same execution.</param>
/// <param name="Environment">The account's environment (<c>Mesh:CanaryScore:AccountEnvironments</c>) when the run was recorded.</param>
/// <param name="JudgedAt">Orca's last poll of Kayenta (<c>lastUpdatedIso</c>), else the stage's end.</param>
public sealed record OrcaCanaryRunRecorded(
    string JudgmentId,
    string Application,
    string PipelineExecutionId,
    string? CanaryStageId,
    string? StageId,
    int Interval,
    string? KayentaExecutionId,
    string Status,
    double? Score,
    string? ConfigId,
    string? ConfigName,
    double? PassThreshold,
    double? MarginalThreshold,
    string? ControlScope,
    string? ExperimentScope,
    string? ExperimentLocation,
    string? Service,
    string? Account,
    string? Environment,
    DateTimeOffset JudgedAt,
    string? Error,
    IReadOnlyList<string> Warnings);

/// <summary>
/// A finished canary execution as Kayenta reported it (<c>POST /webhooks/kayenta</c>, the <c>GET /canary/{id}</c>
/// shape). Succeeded runs carry Kayenta's double score, the group scores and the metrics that did not pass; failed
/// ones (<c>terminal</c>, <c>canceled</c>) carry the error and no score.
/// </summary>
/// <param name="JudgedAt">Kayenta's end time (<c>endTimeIso</c>), else when the gateway received the status.</param>
public sealed record KayentaCanaryRunRecorded(
    string JudgmentId,
    Guid ReceiptId,
    string Application,
    string? ParentPipelineExecutionId,
    string Status,
    double? Score,
    string? Classification,
    string? ClassificationReason,
    string? ConfigId,
    string? ConfigName,
    double? PassThreshold,
    double? MarginalThreshold,
    string? ControlScope,
    string? ExperimentScope,
    string? ExperimentLocation,
    IReadOnlyList<CanaryGroupScore> GroupScores,
    IReadOnlyList<CanaryMetricVerdict> FailingMetrics,
    DateTimeOffset JudgedAt,
    string? Error);

/// <summary>
/// The event stream of one canary run, <c>canary-judgment:{judgmentId}</c>: at most one event per source, under ids
/// derived from tenant, judgment and source, so a redelivered or re-POSTed report appends nothing.
/// </summary>
internal static class CanaryRunStreams
{
    public const string EchoSource = "echo";
    public const string KayentaSource = "kayenta";

    private static readonly Guid Namespace = new("6a0d3f4e-2b7c-4f55-9a1e-0c5b8d7e3f21");

    /// <summary>Judgment ids derived for runs Orca scored without naming their Kayenta execution.</summary>
    private static readonly Guid DerivedJudgments = new("0f7b2e9c-51d4-4c8a-8e36-b2a94d1c6e70");

    public static IReadOnlyList<(string Alias, Type Type)> Events { get; } =
    [
        ("canary.orca-run-recorded.v1", typeof(OrcaCanaryRunRecorded)),
        ("canary.kayenta-run-recorded.v1", typeof(KayentaCanaryRunRecorded)),
    ];

    public const string Prefix = "canary-judgment:";

    public static string StreamId(string judgmentId) => Prefix + judgmentId;

    public static string JudgmentId(string streamId) =>
        streamId.StartsWith(Prefix, StringComparison.Ordinal) ? streamId[Prefix.Length..] : streamId;

    public static Guid EventId(string tenant, string judgmentId, string source) =>
        EventSourcing.DeterministicId.FromParts(Namespace, tenant, judgmentId, source);

    /// <summary>The id of a run Orca scored without a Kayenta execution id: pipeline execution, canary stage, interval.</summary>
    public static string DerivedJudgmentId(string executionId, string canaryStageId, int interval) =>
        EventSourcing.DeterministicId.FromParts(DerivedJudgments, executionId, canaryStageId,
            interval.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToString();
}
