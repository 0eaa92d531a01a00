using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Spinnaker.Mesh.Contracts.Canary.V1;
using Spinnaker.Mesh.Contracts.Kayenta.V1;

namespace Spinnaker.Mesh.CanaryScore.Judgments;

/// <summary>What a Kayenta status says: a run to record, or one still running (nothing to record yet).</summary>
internal sealed record KayentaReading(KayentaCanaryRunRecorded? Run, string? IgnoredBecause);

/// <summary>
/// Reads a <see cref="KayentaCanaryReported"/> status: a succeeded run gives Kayenta's double score, its group scores and
/// every metric that did not pass; a finished run with another status (<c>terminal</c> with an <c>exception</c>,
/// <c>canceled</c>) gives a failed run with the error and no score; an unfinished one is ignored. A status without the
/// canary execution id or the application cannot be recorded and fails validation.
/// </summary>
internal static class KayentaCanaryReader
{
    public static KayentaReading Read(KayentaCanaryReported report)
    {
        KayentaStatus? status;
        try
        {
            status = KayentaStatus.Parse(report.Status);
        }
        catch (JsonException e)
        {
            throw Invalid("status", $"The Kayenta status could not be read: {e.Message}");
        }
        if (status is null) throw Invalid("status", "The Kayenta status is not a JSON object.");
        if (string.IsNullOrWhiteSpace(status.PipelineId)) throw Invalid("status.pipelineId", "The Kayenta status names no canary execution (pipelineId).");
        if (string.IsNullOrWhiteSpace(status.Application)) throw Invalid("status.application", "The Kayenta status names no application.");

        var state = status.Status?.ToLowerInvariant();
        if (status.Complete != true || state is null or "not_started" or "running" or "paused" or "suspended" or "buffered")
            return new KayentaReading(null, $"status '{status.Status}', complete {status.Complete?.ToString() ?? "unset"}");

        var scope = DefaultScope(status.CanaryExecutionRequest?.Scopes);
        var thresholds = status.CanaryExecutionRequest?.Thresholds ?? status.Config?.Classifier?.ScoreThresholds;
        var judgeResult = status.Result?.JudgeResult;
        var score = judgeResult?.Score?.Score is { } s && double.IsFinite(s) ? s : (double?)null;
        var succeeded = state == "succeeded" && score is not null;
        var judgedAt = status.EndTimeIso
            ?? (status.EndTimeMillis is { } millis ? DateTimeOffset.FromUnixTimeMilliseconds(millis) : report.ReceivedAt);

        return new KayentaReading(new KayentaCanaryRunRecorded(
            status.PipelineId, report.ReceiptId, status.Application, status.ParentPipelineExecutionId,
            succeeded ? "succeeded" : state == "succeeded" ? "failed" : state,
            succeeded ? score : null,
            succeeded ? judgeResult?.Score?.Classification : null,
            succeeded ? NullIfEmpty(judgeResult?.Score?.ClassificationReason) : null,
            status.CanaryConfigId ?? status.Config?.Id, status.Config?.Name,
            thresholds?.Pass, thresholds?.Marginal,
            scope?.ControlScope?.Scope, scope?.ExperimentScope?.Scope, scope?.ExperimentScope?.Location ?? scope?.ControlScope?.Location,
            succeeded ? GroupScores(judgeResult) : [],
            succeeded ? FailingMetrics(judgeResult) : [],
            judgedAt,
            succeeded ? null : Error(status, state)), null);
    }

    private static KayentaStatus.ScopePairPart? DefaultScope(Dictionary<string, KayentaStatus.ScopePairPart>? scopes) =>
        scopes is null ? null : scopes.TryGetValue("default", out var pair) ? pair : scopes.Values.FirstOrDefault();

    /// <summary>Non-finite group scores are left out: they say nothing a reader could compare.</summary>
    private static IReadOnlyList<CanaryGroupScore> GroupScores(KayentaStatus.JudgeResultPart? result) =>
        [.. (result?.GroupScores ?? [])
            .Where(g => g.Name is not null && g.Score is { } s && double.IsFinite(s))
            .Select(g => new CanaryGroupScore(g.Name!, g.Score!.Value))
            .OrderBy(g => g.Name, StringComparer.Ordinal)];

    /// <summary>
    /// Every metric whose classification is not <c>Pass</c>, except muted ones: Kayenta leaves muted metrics out of the
    /// score, so they did not fail the run.
    /// </summary>
    private static IReadOnlyList<CanaryMetricVerdict> FailingMetrics(KayentaStatus.JudgeResultPart? result) =>
        [.. (result?.Results ?? [])
            .Where(r => r.Name is not null && r.Muted != true && !string.Equals(r.Classification, CanaryClassification.Pass, StringComparison.OrdinalIgnoreCase))
            .Select(r => new CanaryMetricVerdict(r.Name!, r.Classification ?? "Unknown", NullIfEmpty(r.ClassificationReason), r.Critical == true))];

    private static string Error(KayentaStatus status, string state)
    {
        var details = status.Exception?.Details;
        if (details?.Errors is { Count: > 0 } errors) return string.Join("; ", errors);
        if (!string.IsNullOrWhiteSpace(details?.Error)) return details.Error;
        if (status.Exception?.ExceptionType is { } type) return type;
        return state == "succeeded" ? "Kayenta reported success without a finite score." : $"Kayenta canary execution {state}.";
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static ValidationException Invalid(string field, string message) => new(message, [new ValidationFailure(field, message)]);
}
