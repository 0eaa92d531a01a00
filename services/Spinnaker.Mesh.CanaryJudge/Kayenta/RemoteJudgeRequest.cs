namespace Spinnaker.Mesh.CanaryJudge.Kayenta;

/// <summary>
/// The body Kayenta's <c>RemoteJudge-v1.0</c> posts to <c>{baseUrl}/judge</c> (<c>RemoteJudgeRequest.java</c>);
/// the answer is a <see cref="CanaryJudgeResult"/>. Check it with <see cref="Validation.RemoteJudgeRequestValidator"/>
/// before handing it to <see cref="NetflixAcaJudge.Judge"/>.
/// </summary>
public sealed record RemoteJudgeRequest
{
    public CanaryConfig? CanaryConfig { get; init; }
    /// <summary>The execution request's thresholds (the config's <c>classifier.scoreThresholds</c> are not used).</summary>
    public CanaryClassifierThresholdsConfig? ScoreThresholds { get; init; }
    public IReadOnlyList<MetricSetPair>? MetricSetPairList { get; init; }
}
