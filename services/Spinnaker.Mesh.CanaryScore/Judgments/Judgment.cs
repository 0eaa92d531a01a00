using Spinnaker.Mesh.Contracts.Canary.V1;

namespace Spinnaker.Mesh.CanaryScore.Judgments;

/// <summary>
/// One canary run as Mesh knows it, merged from what Orca (through Echo) and Kayenta reported about it. A run with a
/// <see cref="Score"/> is a judgment; one without is a failed run (<see cref="Status"/>, <see cref="Error"/>), kept so
/// the history shows it.
/// </summary>
/// <param name="ScoreSource"><c>kayenta</c> when the score is Kayenta's double, <c>echo</c> when it is Orca's integer.</param>
/// <param name="Sources">Who reported the run: <c>echo</c>, <c>kayenta</c> or both.</param>
/// <param name="Status">Kayenta's lower-case status of the run: <c>succeeded</c>, <c>terminal</c>, <c>canceled</c>...</param>
internal sealed record Judgment(
    string Tenant,
    string JudgmentId,
    string Application,
    string? Service,
    string? Account,
    string? Region,
    string? Environment,
    string? ConfigId,
    string? ConfigName,
    double? Score,
    string? Classification,
    double? PassThreshold,
    double? MarginalThreshold,
    IReadOnlyList<CanaryGroupScore> GroupScores,
    IReadOnlyList<CanaryMetricVerdict> FailingMetrics,
    string? PipelineExecutionId,
    string? StageId,
    int? Interval,
    DateTimeOffset JudgedAt,
    string? ScoreSource,
    IReadOnlyList<string> Sources,
    string Status,
    string? Error)
{
    public bool IsJudged => Score is not null;

    /// <summary>What trends group by beside the service: the config id, else its name.</summary>
    public string ConfigKey => ConfigId ?? ConfigName ?? "";

    public TrendKey Trend => new(Application, Service ?? "", ConfigKey);

    private static readonly Guid JudgedNamespace = new("c3e5a1d2-7f4b-4b9e-8d60-1a2b3c4d5e6f");

    /// <summary>The <see cref="CanaryJudged"/> event id: one per tenant and judgment, whichever source came first.</summary>
    public Guid JudgedEventId => EventSourcing.DeterministicId.FromParts(JudgedNamespace, Tenant, JudgmentId);

    public CanaryJudged ToEvent() => new(
        JudgedEventId, JudgmentId, Tenant, Application, Service, Account, Region, Environment, ConfigId, ConfigName,
        Score ?? throw new InvalidOperationException($"Canary run {JudgmentId} has no score: it is no judgment."),
        Classification ?? CanaryClassification.Of(Score.Value, PassThreshold, MarginalThreshold),
        PassThreshold, MarginalThreshold, GroupScores, FailingMetrics, PipelineExecutionId, StageId, JudgedAt);
}

/// <summary>A trend's identity within a tenant: application, service (empty when unknown), config (id, else name).</summary>
internal sealed record TrendKey(string Application, string Service, string Config);

/// <summary>What each source reported about one run: at most one event each.</summary>
internal sealed record CanaryRunReports(OrcaCanaryRunRecorded? Echo, KayentaCanaryRunRecorded? Kayenta)
{
    public static CanaryRunReports None { get; } = new(null, null);

    public CanaryRunReports With(object reported) => reported switch
    {
        OrcaCanaryRunRecorded echo => this with { Echo = echo },
        KayentaCanaryRunRecorded kayenta => this with { Kayenta = kayenta },
        _ => this,
    };

    /// <summary>
    /// The merged run. Kayenta's account of the judge wins (its double score, group scores, metric verdicts, config,
    /// thresholds, end time and status); Echo's account of the pipeline fills in the rest (pipeline execution, stage,
    /// interval, the service's deploy account, region and environment), and the score when Kayenta sent none.
    /// </summary>
    public Judgment? Merge(string tenant)
    {
        if (Echo is null && Kayenta is null) return null;
        var kayentaScored = Kayenta is { Status: "succeeded", Score: not null };
        // Kayenta's status is the run's; without it, Orca's reading is.
        var status = Kayenta?.Status ?? Echo!.Status;
        var score = kayentaScored ? Kayenta!.Score : Kayenta is null && Echo!.Status == "succeeded" ? Echo.Score : null;
        var pass = Kayenta?.PassThreshold ?? Echo?.PassThreshold;
        var marginal = Kayenta?.MarginalThreshold ?? Echo?.MarginalThreshold;
        return new Judgment(
            tenant,
            Echo?.JudgmentId ?? Kayenta!.JudgmentId,
            Echo?.Application ?? Kayenta!.Application,
            Echo?.Service ?? CanaryService.FromScope(Kayenta?.ExperimentScope),
            Echo?.Account,
            Echo?.ExperimentLocation ?? Kayenta?.ExperimentLocation,
            Echo?.Environment,
            Kayenta?.ConfigId ?? Echo?.ConfigId,
            Kayenta?.ConfigName ?? Echo?.ConfigName,
            score,
            score is not { } s ? null
                : pass is null && marginal is null && kayentaScored && Kayenta!.Classification is { } label ? label
                : CanaryClassification.Of(s, pass, marginal),
            pass,
            marginal,
            kayentaScored ? Kayenta!.GroupScores : [],
            kayentaScored ? Kayenta!.FailingMetrics : [],
            Echo?.PipelineExecutionId ?? Kayenta?.ParentPipelineExecutionId,
            Echo?.StageId,
            Echo?.Interval,
            Kayenta?.JudgedAt ?? Echo!.JudgedAt,
            score is null ? null : kayentaScored ? CanaryRunStreams.KayentaSource : CanaryRunStreams.EchoSource,
            [.. new[] { Echo is null ? null : CanaryRunStreams.EchoSource, Kayenta is null ? null : CanaryRunStreams.KayentaSource }.OfType<string>()],
            status,
            score is null ? Kayenta?.Error ?? Echo?.Error ?? $"Canary run {status}." : null);
    }
}
