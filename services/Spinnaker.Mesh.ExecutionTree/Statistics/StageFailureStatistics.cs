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
        StatisticsJson.Options.PropertyNamingPolicy!.ConvertName(grouping.ToString());

    // "scoped" is inlined into both uses (NOT MATERIALIZED) so that the error count reads only failed stages rather
    // than a materialized copy of every stage in the window. Ties go to the larger group, then the key, so the order
    // is stable from one request to the next.
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
            SELECT key, count(*) AS stages, count(*) FILTER (WHERE is_failed) AS failed,
                   coalesce((array_agg(DISTINCT cluster ORDER BY cluster) FILTER (WHERE is_failed AND cluster IS NOT NULL))[1:@clusters], ARRAY[]::text[]) AS clusters
            FROM scoped
            GROUP BY key
            ORDER BY failed DESC, stages DESC, key
            LIMIT @groups
        ),
        errors AS (
            SELECT key, message, count(*) AS occurrences,
                   row_number() OVER (PARTITION BY key ORDER BY count(*) DESC, message) AS rank
            FROM scoped CROSS JOIN LATERAL unnest(errors) AS message
            WHERE is_failed AND message IS NOT NULL AND key IN (SELECT key FROM groups)
            GROUP BY key, message
        )
        SELECT g.key, g.stages, g.failed,
               coalesce(array_agg(e.message ORDER BY e.rank) FILTER (WHERE e.message IS NOT NULL), ARRAY[]::text[]),
               coalesce(array_agg(e.occurrences ORDER BY e.rank) FILTER (WHERE e.message IS NOT NULL), ARRAY[]::bigint[]),
               g.clusters
        FROM groups g
        LEFT JOIN errors e ON e.key = g.key AND e.rank <= @errors
        GROUP BY g.key, g.stages, g.failed, g.clusters
        ORDER BY g.failed DESC, g.stages DESC, g.key
        """;
}
