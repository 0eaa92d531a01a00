using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spinnaker.Mesh.CanaryScore.Judgments;

/// <summary>
/// The parts of Kayenta's canary execution status (<c>GET /canary/{id}</c>, CanaryExecutionStatusResponse) a judgment
/// needs. Everything is optional: Kayenta omits nulls, and older stored results lack fields.
/// </summary>
internal sealed record KayentaStatus(
    string? PipelineId,
    string? Application,
    string? ParentPipelineExecutionId,
    string? Status,
    bool? Complete,
    KayentaStatus.ConfigPart? Config,
    string? CanaryConfigId,
    KayentaStatus.RequestPart? CanaryExecutionRequest,
    KayentaStatus.ResultPart? Result,
    KayentaStatus.ExceptionPart? Exception,
    DateTimeOffset? EndTimeIso,
    long? EndTimeMillis)
{
    /// <summary>
    /// Jackson writes non-finite doubles as the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>
    /// (Kayenta keeps its default), so numbers are read from those strings too.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static KayentaStatus? Parse(JsonElement status) =>
        status.ValueKind == JsonValueKind.Object ? status.Deserialize<KayentaStatus>(Json) : null;

    internal sealed record ConfigPart(string? Id, string? Name, ClassifierPart? Classifier);

    internal sealed record ClassifierPart(ThresholdsPart? ScoreThresholds);

    internal sealed record ThresholdsPart(double? Pass, double? Marginal);

    internal sealed record RequestPart(Dictionary<string, ScopePairPart>? Scopes, ThresholdsPart? Thresholds);

    internal sealed record ScopePairPart(ScopePart? ControlScope, ScopePart? ExperimentScope);

    internal sealed record ScopePart(string? Scope, string? Location, DateTimeOffset? Start, DateTimeOffset? End, double? Step);

    internal sealed record ResultPart(JudgeResultPart? JudgeResult);

    internal sealed record JudgeResultPart(ScorePart? Score, List<GroupScorePart>? GroupScores, List<MetricResultPart>? Results);

    internal sealed record ScorePart(double? Score, string? Classification, string? ClassificationReason);

    internal sealed record GroupScorePart(string? Name, double? Score);

    internal sealed record MetricResultPart(string? Name, string? Classification, string? ClassificationReason, bool? Critical, bool? Muted);

    internal sealed record ExceptionPart(string? ExceptionType, string? Operation, ExceptionDetailsPart? Details);

    internal sealed record ExceptionDetailsPart(string? Error, List<string>? Errors);
}
