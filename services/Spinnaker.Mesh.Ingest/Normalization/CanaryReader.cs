using System.Text.Json;
using System.Text.RegularExpressions;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Ingest.Normalization;

/// <summary>
/// Reads <see cref="CanaryInfo"/> from the contexts Orca's orca-kayenta module writes (kayenta.md §3, "Orca
/// kayentaCanary stage context"): the <c>kayentaCanary</c> stage (its <c>canaryConfig</c>, and the per-interval
/// <c>canaryScores</c> once aggregated) and each <c>runCanary</c> interval stage (one Kayenta execution). Like every
/// context reader, a value of the wrong kind reads as absent: a canary stage never gets its event rejected.
/// </summary>
internal static partial class CanaryReader
{
    public const string KayentaCanaryType = "kayentaCanary";
    public const string RunCanaryType = "runCanary";

    /// <summary>What Orca and Kayenta call the scope when a config has only one.</summary>
    private const string DefaultScope = "default";

    /// <summary>
    /// The canary a stage describes, or null for other stages. A stage of unknown type (a payload without the
    /// execution) counts when its context carries what only Orca's canary tasks write.
    /// </summary>
    public static CanaryInfo? Read(string? type, string? name, JsonElement? context, JsonElement? outputs)
    {
        if (string.Equals(type, KayentaCanaryType, StringComparison.OrdinalIgnoreCase)) return ReadAnalysis(context);
        if (string.Equals(type, RunCanaryType, StringComparison.OrdinalIgnoreCase)) return ReadRun(name, context, outputs);
        if (type is not null) return null;
        if (context.Prop("canaryPipelineExecutionId") is not null) return ReadRun(name, context, outputs);
        if (context.Prop("canaryScores") is not null) return ReadAnalysis(context);
        return null;
    }

    /// <summary><c>kayentaCanary</c>: the analysis as configured, with Orca's aggregate of the interval scores.</summary>
    private static CanaryInfo ReadAnalysis(JsonElement? context)
    {
        var config = context.Obj("canaryConfig");
        var thresholds = config.Obj("scoreThresholds");
        var scopes = new List<CanaryScopeInfo>();
        foreach (var scope in config.Items("scopes"))
        {
            if (scope.ValueKind != JsonValueKind.Object) continue;
            JsonElement? s = scope;
            scopes.Add(new CanaryScopeInfo(
                ScopeName: s.Str("scopeName") ?? DefaultScope,
                ControlScope: s.Str("controlScope"),
                ControlLocation: s.Str("controlLocation"),
                ExperimentScope: s.Str("experimentScope"),
                ExperimentLocation: s.Str("experimentLocation"),
                Start: s.IsoTime("startTimeIso"),
                End: s.IsoTime("endTimeIso"),
                StepSeconds: s.Int("step")));
        }
        var scores = new List<double>();
        foreach (var score in context.Items("canaryScores"))
            if (((JsonElement?)score).AsDouble() is { } value) scores.Add(value);

        return new CanaryInfo(
            ConfigId: config.Str("canaryConfigId"),
            ConfigName: config.Str("canaryConfigName"),
            MetricsAccount: config.Str("metricsAccountName"),
            StorageAccount: config.Str("storageAccountName"),
            PassThreshold: thresholds.Double("pass"),
            MarginalThreshold: thresholds.Double("marginal"),
            Scopes: scopes,
            Scores: scores,
            ScoreMessage: context.Str("canaryScoreMessage"),
            IntervalStageId: context.Str("intervalStageId"),
            Interval: null,
            KayentaExecutionId: null,
            KayentaStatus: null,
            Score: null,
            ScoredAt: null,
            Warnings: [.. context.Strings("warnings")]);
    }

    /// <summary><c>runCanary</c>: one interval, i.e. one Kayenta canary execution and the score Orca read from it.</summary>
    private static CanaryInfo ReadRun(string? name, JsonElement? context, JsonElement? outputs)
    {
        var thresholds = context.Obj("scoreThresholds");
        var scopes = new List<CanaryScopeInfo>();
        if (context.Obj("scopes") is { } byName)
        {
            foreach (var scope in byName.EnumerateObject())
            {
                JsonElement? pair = scope.Value;
                var control = pair.Obj("controlScope");
                var experiment = pair.Obj("experimentScope");
                // The experiment's window is the interval analysed; the control's may be shifted back
                // (baselineAnalysisOffsetInMins), so it only stands in when the experiment has none.
                scopes.Add(new CanaryScopeInfo(
                    ScopeName: scope.Name,
                    ControlScope: control.Str("scope"),
                    ControlLocation: control.Str("location"),
                    ExperimentScope: experiment.Str("scope"),
                    ExperimentLocation: experiment.Str("location"),
                    Start: experiment.IsoTime("start") ?? control.IsoTime("start"),
                    End: experiment.IsoTime("end") ?? control.IsoTime("end"),
                    StepSeconds: experiment.Int("step") ?? control.Int("step")));
            }
        }

        return new CanaryInfo(
            ConfigId: context.Str("canaryConfigId") ?? outputs.Str("canaryConfigId"),
            ConfigName: null,
            MetricsAccount: context.Str("metricsAccountName"),
            StorageAccount: context.Str("storageAccountName"),
            PassThreshold: thresholds.Double("pass"),
            MarginalThreshold: thresholds.Double("marginal"),
            Scopes: scopes,
            Scores: [],
            ScoreMessage: context.Str("canaryScoreMessage"),
            IntervalStageId: null,
            Interval: IntervalOf(name ?? context.Str("name")),
            KayentaExecutionId: context.Str("canaryPipelineExecutionId") ?? outputs.Str("canaryPipelineExecutionId"),
            KayentaStatus: context.Str("canaryPipelineStatus"),
            Score: context.Double("canaryScore"),
            ScoredAt: context.IsoTime("lastUpdatedIso") ?? context.EpochMs("lastUpdated").ToTime(),
            Warnings: [.. context.Strings("warnings")]);
    }

    /// <summary>The interval number in Orca's name for the stage, <c>Run Canary #&lt;n&gt;</c>.</summary>
    private static int? IntervalOf(string? name) =>
        name is not null && IntervalNumber().Match(name) is { Success: true } match
        && int.TryParse(match.Groups[1].ValueSpan, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : null;

    [GeneratedRegex(@"#\s*(\d{1,9})\s*$")]
    private static partial Regex IntervalNumber();
}
