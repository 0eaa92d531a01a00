namespace Spinnaker.Mesh.ExecutionTree.Statistics;

/// <summary>What <c>GET /api/gates</c> filters on; every filter is optional.</summary>
internal sealed record GateStatsFilter(string? Application, string? Pipeline, StatisticsWindow Window);

internal sealed record GateStatsReport(DateTime From, DateTime To, IReadOnlyList<GateStats> Gates, IReadOnlyList<GateBottleneck> Bottlenecks);

/// <summary>
/// Gate stages (manual judgments, waits, execution windows, approvals) of one kind in one pipeline. Waits are the
/// durations of finished gates; <see cref="Count"/> includes gates still waiting.
/// </summary>
internal sealed record GateStats(
    string Application,
    string? Pipeline,
    string GateKind,
    long Count,
    WaitFigures? WaitMs,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    JudgmentOutcomes? Outcomes,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<string>? Judges);

internal sealed record WaitFigures(long P50, long P95, long Max);

/// <summary>
/// Manual judgments by decision (judgmentStatus, case-insensitive). <see cref="Pending"/> are still waiting;
/// <see cref="NoDecision"/> ended without one (canceled, timed out, skipped), so the four add up to the count.
/// </summary>
internal sealed record JudgmentOutcomes(long Continue, long Stop, long Pending, long NoDecision);

/// <summary>A gate stage by the total time pipelines spent waiting on it.</summary>
internal sealed record GateBottleneck(string Application, string? Pipeline, string GateKind, string? StageName, long Count, long TotalWaitMs);
