using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>Merges manual-judgment decisions seen on stage snapshots and in <see cref="ManualJudgmentResolved"/>.</summary>
internal static class JudgmentMerge
{
    /// <summary>
    /// A decision beats none; of two, the later decided one (a judge can be overruled when the first lacked the
    /// role, echo.md §5), then every other field ordinally so that the pick is independent of arrival order.
    /// </summary>
    public static JudgmentInfo? Merge(JudgmentInfo? a, JudgmentInfo? b)
    {
        if (a is null || b is null) return Normalize(a ?? b);
        var order = Join.CompareTimes(a.JudgedAt, b.JudgedAt);
        if (order == 0) order = string.CompareOrdinal(a.Status, b.Status);
        if (order == 0) order = Join.CompareText(a.Input, b.Input);
        if (order == 0) order = Join.CompareText(a.JudgedBy, b.JudgedBy);
        return Normalize(order >= 0 ? a : b);
    }

    private static JudgmentInfo? Normalize(JudgmentInfo? judgment) =>
        judgment is null ? null : judgment with { JudgedAt = judgment.JudgedAt?.ToUniversalTime() };
}
