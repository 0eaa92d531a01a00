using Npgsql;

namespace Spinnaker.Mesh.ExecutionTree.Statistics;

/// <summary>Where stages fail, grouped by stage type, cloud provider, region or account, in one round trip.</summary>
internal sealed class StageFailureStatistics(NpgsqlDataSource db)
{
    /// <summary>Groups with the most failures first.</summary>
    public const int MaxGroups = 100;

    public const int MaxErrorsPerGroup = 5;

    /// <summary>Distinct clusters of failed stages, alphabetically.</summary>
    public const int MaxClustersPerGroup = 20;

    public async Task<StageFailuresReport> QueryAsync(string tenant, StageFailuresFilter filter, CancellationToken ct)
    {
        await using var command = db.CreateCommand(Sql(filter.GroupBy));
        command.Parameters.AddWindow(tenant, filter.Window);
        command.Parameters.AddOptional("application", filter.Application);
        command.Parameters.AddWithValue("groups", MaxGroups);
        command.Parameters.AddWithValue("errors", MaxErrorsPerGroup);
        command.Parameters.AddWithValue("clusters", MaxClustersPerGroup);

        var groups = new List<StageFailureGroup>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var stages = reader.GetInt64(1);
            var failed = reader.GetInt64(2);
            var messages = reader.GetFieldValue<string[]>(3);
            var counts = reader.GetFieldValue<long[]>(4);
            groups.Add(new StageFailureGroup(reader.GetString(0), stages, failed, Figures.Rate(failed, stages),
                [.. messages.Zip(counts, (message, count) => new ErrorCount(message, count))],
                reader.GetFieldValue<string[]>(5)));
        }
        return new StageFailuresReport(filter.Window.From.UtcDateTime, filter.Window.To.UtcDateTime,
            JsonName(filter.GroupBy), groups);
    }

    private static string JsonName(FailureGrouping grouping) =>
        ExecutionTreeJson.Api.PropertyNamingPolicy!.ConvertName(grouping.ToString());

    // "scoped" is inlined (NOT MATERIALIZED) into two scans that aggregate without sorting every stage: one counts
    // per key, the other keeps only the failed stages, from which the errors and clusters are ranked. Ties go to the
    // larger group, then the key, so the order is stable from one request to the next.
    private static string Sql(FailureGrouping grouping) => $"""
        WITH scoped AS NOT MATERIALIZED (
            SELECT k.key, s.status IN {RunStatuses.FailedStage} AS is_failed, s.cluster, s.errors
            FROM execution_tree.stages s
            CROSS JOIN LATERAL {grouping.KeySql()}
            WHERE s.tenant = @tenant AND (@application::text IS NULL OR s.application = @application)
              AND s.execution_start >= @from AND s.execution_start < @to
              AND s.status IN {RunStatuses.Finished}
        ),
        groups AS (
            SELECT key, count(*) AS stages, count(*) FILTER (WHERE is_failed) AS failed
            FROM scoped
            GROUP BY key
            ORDER BY failed DESC, stages DESC, key
            LIMIT @groups
        ),
        failures AS MATERIALIZED (
            SELECT key, cluster, errors FROM scoped WHERE is_failed
        ),
        clusters AS (
            SELECT key, array_agg(cluster ORDER BY cluster) AS clusters
            FROM (SELECT key, cluster, row_number() OVER (PARTITION BY key ORDER BY cluster) AS rank
                  FROM failures WHERE cluster IS NOT NULL
                  GROUP BY key, cluster) ranked
            WHERE rank <= @clusters
            GROUP BY key
        ),
        errors AS (
            SELECT key, array_agg(message ORDER BY rank) AS messages, array_agg(occurrences ORDER BY rank) AS counts
            FROM (SELECT key, message, count(*) AS occurrences,
                         row_number() OVER (PARTITION BY key ORDER BY count(*) DESC, message) AS rank
                  FROM failures CROSS JOIN LATERAL unnest(errors) AS message
                  WHERE message IS NOT NULL
                  GROUP BY key, message) ranked
            WHERE rank <= @errors
            GROUP BY key
        )
        SELECT g.key, g.stages, g.failed, coalesce(e.messages, ARRAY[]::text[]), coalesce(e.counts, ARRAY[]::bigint[]),
               coalesce(c.clusters, ARRAY[]::text[])
        FROM groups g
        LEFT JOIN errors e ON e.key = g.key
        LEFT JOIN clusters c ON c.key = g.key
        ORDER BY g.failed DESC, g.stages DESC, g.key
        """;
}
