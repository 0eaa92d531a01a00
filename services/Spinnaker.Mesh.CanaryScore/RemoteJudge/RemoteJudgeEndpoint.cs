using System.Text.Json;
using Spinnaker.Mesh.CanaryJudge;
using Spinnaker.Mesh.CanaryJudge.Kayenta;
using Spinnaker.Mesh.CanaryJudge.Validation;

namespace Spinnaker.Mesh.CanaryScore.RemoteJudge;

/// <summary>
/// <c>POST /api/canary/judge</c>: Kayenta's remote judge hook. A Kayenta with <c>kayenta.remote-judge.endpoint.baseUrl</c>
/// pointed at <c>…/api/canary</c> sends <c>{canaryConfig, scoreThresholds, metricSetPairList}</c> for every canary whose
/// config names the judge <c>RemoteJudge-v1.0</c>, and reads back a <c>CanaryJudgeResult</c> judged by Mesh's port of
/// <c>NetflixACAJudge-v1.0</c>, with each metric's explanation in its <c>resultMetadata</c>. Stateless: nothing is stored.
/// </summary>
internal static class RemoteJudgeEndpoint
{
    public const string Path = "/api/canary/judge";

    private static readonly RemoteJudgeRequestValidator Validator = new();

    public static async Task<IResult> JudgeAsync(HttpRequest request, NetflixAcaJudge judge, CancellationToken ct)
    {
        RemoteJudgeRequest? body;
        try
        {
            // Kayenta writes NaN and ±Infinity as strings; KayentaJson reads them where a double is expected.
            body = await JsonSerializer.DeserializeAsync<RemoteJudgeRequest>(request.Body, KayentaJson.Options, ct);
        }
        catch (JsonException e)
        {
            var field = KayentaJson.FieldOf(e);
            return MeshProblems.InvalidField(field.Length == 0 ? "body" : field,
                $"The body is not a Kayenta remote judge request ({e.Message}).");
        }
        if (body is null) return MeshProblems.InvalidField("body", "The body must be {canaryConfig, scoreThresholds, metricSetPairList}.");

        var validation = await Validator.ValidateAsync(body, ct);
        if (!validation.IsValid)
            return MeshProblems.Invalid(validation.ToDictionary(), detail: string.Join("; ", validation.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")));

        var result = judge.Judge(body.CanaryConfig!, body.ScoreThresholds!, body.MetricSetPairList!);
        return Results.Json(result, KayentaJson.Options);
    }
}
