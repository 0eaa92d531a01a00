namespace Spinnaker.Mesh.ExecutionTree.Statistics;

/// <summary>What <c>GET /api/stages/failures</c> filters and groups on; every filter is optional.</summary>
internal sealed record StageFailuresFilter(string? Application, FailureGrouping GroupBy, StatisticsWindow Window);

internal sealed record StageFailuresReport(DateTime From, DateTime To, string GroupBy, IReadOnlyList<StageFailureGroup> Groups);

/// <summary>
/// Finished stages (synthetic ones included: that is where the errors and the deployment targets are) of executions
/// started in the window, sharing a key. <see cref="TopErrors"/> and <see cref="AffectedClusters"/> come from the
/// failed ones.
/// </summary>
internal sealed record StageFailureGroup(
    string Key,
    long Stages,
    long Failed,
    double? FailureRate,
    IReadOnlyList<ErrorCount> TopErrors,
    IReadOnlyList<string> AffectedClusters);

internal sealed record ErrorCount(string Message, long Count);
