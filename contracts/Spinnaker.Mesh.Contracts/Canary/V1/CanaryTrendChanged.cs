namespace Spinnaker.Mesh.Contracts.Canary.V1;

/// <summary>
/// A service's canary scores (per canary config) started or stopped trending toward failure. Published with
/// MessageId = <see cref="EventId"/> after it was committed.
/// </summary>
/// <param name="EventId">Deterministic id (tenant, application, service, config, the judgment that changed the trend).</param>
/// <param name="Tenant">Mesh tenant.</param>
/// <param name="Application">Spinnaker application.</param>
/// <param name="Service">The service (cluster) under test.</param>
/// <param name="ConfigId">Kayenta canary config id (or name, when the id is unknown).</param>
/// <param name="Trending">True when the service started trending toward failure, false when it stopped.</param>
/// <param name="Rule">The rule that fired (or, when it stopped, the rule that no longer holds): <c>slope</c> or <c>consecutive-marginal</c>.</param>
/// <param name="Evidence">Why, in words, with the figures (slope, its p-value, the projection, the run count).</param>
/// <param name="Scores">The recent scores the rule looked at, oldest first.</param>
/// <param name="JudgmentId">The judgment whose arrival changed the trend.</param>
/// <param name="ChangedAt">That judgment's time.</param>
public sealed record CanaryTrendChanged(
    Guid EventId,
    string Tenant,
    string Application,
    string Service,
    string ConfigId,
    bool Trending,
    string Rule,
    string Evidence,
    IReadOnlyList<double> Scores,
    string JudgmentId,
    DateTimeOffset ChangedAt);
