using System.Text.Json;
using static Spinnaker.Mesh.Gateway.Webhooks.BodyFields;

namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>
/// What the gateway insists on in a Kayenta canary execution status (kayenta.md §3, <c>CanaryExecutionStatusResponse</c>)
/// before anyone downstream relies on it: who it is (<c>pipelineId</c>, <c>application</c>), where it stands
/// (<c>status</c>) and, for a finished successful run, a real score. Everything else, including <c>"NaN"</c> strings
/// in metric values, is passed on as Kayenta wrote it.
/// </summary>
internal static class KayentaCanaryStatus
{
    /// <summary>The field name for the body as a whole.</summary>
    public const string Root = BodyFields.Root;

    /// <summary>Kayenta writes non-finite doubles as these strings (Jackson's default).</summary>
    private static readonly string[] NonFinite = ["NaN", "Infinity", "-Infinity", "+Infinity"];

    /// <summary>The first member that is missing or of the wrong kind, with a message that names it; null when valid.</summary>
    public static InvalidField? FindInvalid(JsonElement status)
    {
        if (status.ValueKind != JsonValueKind.Object)
            return new InvalidField(Root, $"The body ($) is {Describe(status.ValueKind)}; expected an object, a Kayenta canary execution status as GET /canary/{{id}} returns it.");
        if (!IsNonEmptyString(status, "pipelineId"))
            return new InvalidField("pipelineId", "pipelineId (the Kayenta canary execution id) must be a non-empty string.");
        if (!IsNonEmptyString(status, "application"))
            return new InvalidField("application", "application must be a non-empty string.");
        if (Member(status, "status") is not { ValueKind: JsonValueKind.String } state)
            return new InvalidField("status", "status must be a string (Kayenta's lowercase execution status, e.g. running, succeeded, terminal).");
        var complete = Member(status, "complete");
        if (complete is { ValueKind: not (JsonValueKind.True or JsonValueKind.False) })
            return new InvalidField("complete", "complete must be a boolean.");

        // Kayenta sends a result only for a finished, successful run, and then it must carry a score.
        var succeeded = complete?.ValueKind == JsonValueKind.True && string.Equals(state.GetString(), "succeeded", StringComparison.OrdinalIgnoreCase);
        return succeeded ? FindInvalidResult(status) : null;
    }

    private static InvalidField? FindInvalidResult(JsonElement status)
    {
        const string required = "is required as an object when complete is true and status is succeeded";
        if (Member(status, "result") is not { ValueKind: JsonValueKind.Object } result) return new InvalidField("result", $"result {required}.");
        if (Member(result, "judgeResult") is not { ValueKind: JsonValueKind.Object } judge) return new InvalidField("result.judgeResult", $"result.judgeResult {required}.");
        if (Member(judge, "score") is not { ValueKind: JsonValueKind.Object } score) return new InvalidField("result.judgeResult.score", $"result.judgeResult.score {required}.");

        const string scoreField = "result.judgeResult.score.score";
        switch (Member(score, "score"))
        {
            case { ValueKind: JsonValueKind.Number }:
                break;
            case { ValueKind: JsonValueKind.String } text when NonFinite.Contains(text.GetString(), StringComparer.OrdinalIgnoreCase):
                return new InvalidField(scoreField, $"{scoreField} is \"{text.GetString()}\": a canary score is a finite number, it cannot be NaN or infinite.");
            case { } other:
                return new InvalidField(scoreField, $"{scoreField} must be a number, not {Describe(other.ValueKind)}.");
            default:
                return new InvalidField(scoreField, $"{scoreField} must be a number.");
        }
        if (Member(score, "classification") is { ValueKind: not JsonValueKind.String } classification)
            return new InvalidField("result.judgeResult.score.classification", $"result.judgeResult.score.classification must be a string (Pass, Marginal or Fail), not {Describe(classification.ValueKind)}.");
        if (Member(judge, "groupScores") is { ValueKind: not JsonValueKind.Array } groups)
            return new InvalidField("result.judgeResult.groupScores", $"result.judgeResult.groupScores must be an array, not {Describe(groups.ValueKind)}.");
        if (Member(judge, "results") is { ValueKind: not JsonValueKind.Array } results)
            return new InvalidField("result.judgeResult.results", $"result.judgeResult.results must be an array, not {Describe(results.ValueKind)}.");
        return null;
    }
}
