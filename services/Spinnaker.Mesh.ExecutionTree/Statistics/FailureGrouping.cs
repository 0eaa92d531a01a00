namespace Spinnaker.Mesh.ExecutionTree.Statistics;

/// <summary>What <c>GET /api/stages/failures</c> groups stages by.</summary>
internal enum FailureGrouping
{
    StageType,
    CloudProvider,
    Region,
    Account,
}

internal static class FailureGroupings
{
    public const string Allowed = "stageType, cloudProvider, region or account";

    /// <summary>The query value as documented (camelCase, case-insensitive); a missing value groups by stage type.</summary>
    public static bool TryParse(string? value, out FailureGrouping grouping)
    {
        grouping = FailureGrouping.StageType;
        if (string.IsNullOrEmpty(value)) return true;
        // Enum.TryParse would also take "1" or "Region, Account"; only the four names are part of the API.
        foreach (var candidate in Enum.GetValues<FailureGrouping>())
        {
            if (!string.Equals(candidate.ToString(), value, StringComparison.OrdinalIgnoreCase)) continue;
            grouping = candidate;
            return true;
        }
        return false;
    }

    /// <summary>
    /// The SQL that yields a stage's group key(s) as <c>key</c>: a lateral row source, so that a stage deployed to
    /// several regions yields one row per region. Missing or empty values group as "unknown". Only these fixed
    /// fragments ever reach the SQL text.
    /// </summary>
    public static string KeySql(this FailureGrouping grouping) => grouping switch
    {
        FailureGrouping.StageType => "(SELECT coalesce(nullif(s.stage_type, ''), 'unknown')) AS k(key)",
        FailureGrouping.CloudProvider => "(SELECT coalesce(nullif(s.cloud_provider, ''), 'unknown')) AS k(key)",
        FailureGrouping.Account => "(SELECT coalesce(nullif(s.account, ''), 'unknown')) AS k(key)",
        // A region listed twice counts once: only its first position is kept (cheaper than a DISTINCT per stage).
        FailureGrouping.Region => """
            (SELECT coalesce(nullif(r.region, ''), 'unknown')
             FROM unnest(CASE WHEN cardinality(s.regions) = 0 THEN ARRAY[NULL::text] ELSE s.regions END) WITH ORDINALITY AS r(region, n)
             WHERE cardinality(s.regions) = 0 OR r.n = array_position(s.regions, r.region)) AS k(key)
            """,
        _ => throw new ArgumentOutOfRangeException(nameof(grouping), grouping, null),
    };
}
