using Spinnaker.Mesh.CanaryScore.Judgments;
using Spinnaker.Mesh.Contracts.Canary.V1;
using Spinnaker.Mesh.EventSourcing;

namespace Spinnaker.Mesh.CanaryScore.Trends;

/// <summary>
/// A trend (tenant, application, service, config) started or stopped trending toward failure when a judgment arrived.
/// Appended to the trend's stream only on a change; the latest event is the trend's state.
/// </summary>
/// <param name="Rule">The rule that fired, or, when it stopped, the one that no longer holds.</param>
/// <param name="JudgmentId">The judgment whose arrival changed the trend.</param>
/// <param name="ChangedAt">That judgment's time.</param>
public sealed record CanaryTrendRecorded(
    string Application,
    string Service,
    string Config,
    bool Trending,
    string Rule,
    string Evidence,
    IReadOnlyList<double> Scores,
    string JudgmentId,
    DateTimeOffset ChangedAt);

/// <summary>Trend streams, <c>canary-trend:{id}</c> with an id derived from the trend key, and their event ids.</summary>
internal static class CanaryTrendStreams
{
    public const string Alias = "canary.trend-changed.v1";

    private static readonly Guid Streams = new("8d41c7a2-3e9f-4a06-b5d8-7c2e1f0a9b34");
    private static readonly Guid Events = new("e29a6b15-0c4d-4f7e-a3b8-5d6c9e1f2a07");

    public static string StreamId(TrendKey key) =>
        "canary-trend:" + DeterministicId.FromParts(Streams, key.Application, key.Service, key.Config);

    /// <summary>From the trend, the judgment that changed it and the new state: the same change found again has the same id.</summary>
    public static Guid EventId(string tenant, TrendKey key, string judgmentId, bool trending) =>
        DeterministicId.FromParts(Events, tenant, key.Application, key.Service, key.Config, judgmentId, trending ? "trending" : "recovered");

    public static CanaryTrendChanged ToContract(Guid eventId, string tenant, CanaryTrendRecorded e) =>
        new(eventId, tenant, e.Application, e.Service, e.Config, e.Trending, e.Rule, e.Evidence, e.Scores, e.JudgmentId, e.ChangedAt);
}
