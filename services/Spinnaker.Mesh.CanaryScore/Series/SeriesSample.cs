namespace Spinnaker.Mesh.CanaryScore.Series;

/// <summary>
/// One observation of one of Mesh's own series (served by the Prometheus-compatible API), e.g.
/// <c>mesh_canary_score{application, service, config, ...}</c> at the time a canary was judged.
/// </summary>
/// <param name="Metric">Series name, Prometheus-style (<c>mesh_canary_score</c>).</param>
/// <param name="Labels">Label names and values (no <c>__name__</c>); together with the metric they identify the series.</param>
/// <param name="At">When the observation holds.</param>
/// <param name="Value">The value.</param>
/// <param name="SampleId">What the observation is about (a judgment, an execution, a stage): one sample per id and
/// series, so a redelivered event writes nothing new.</param>
internal sealed record SeriesSample(string Metric, IReadOnlyDictionary<string, string> Labels, DateTimeOffset At, double Value, string SampleId);
