using Npgsql;

namespace Spinnaker.Mesh.ExecutionTree.Statistics;

/// <summary>Success and duration per managed pipeline template and version, in one query.</summary>
internal sealed class TemplateStatistics(NpgsqlDataSource db)
{
    /// <summary>Most-run templates first.</summary>
    public const int MaxTemplates = 100;

    private const string Sql = $"""
        SELECT template_id, template_version, count(*),
               count(*) FILTER (WHERE status = 'SUCCEEDED'),
               count(*) FILTER (WHERE status IN {RunStatuses.Finished}),
               percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE status IN {RunStatuses.Finished})
        FROM execution_tree.executions
        WHERE tenant = @tenant AND template_version IS NOT NULL
          AND (@templateId::text IS NULL OR template_id = @templateId)
          AND start_time >= @from AND start_time < @to
        GROUP BY template_id, template_version
        ORDER BY count(*) DESC, template_id NULLS LAST, template_version
        LIMIT @limit
        """;

    public async Task<TemplateStatsReport> QueryAsync(string tenant, TemplateStatsFilter filter, CancellationToken ct)
    {
        await using var command = db.CreateCommand(Sql);
        command.Parameters.AddWindow(tenant, filter.Window);
        command.Parameters.AddOptional("templateId", filter.TemplateId);
        command.Parameters.AddWithValue("limit", MaxTemplates);

        var templates = new List<TemplateStats>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var succeeded = reader.GetInt64(3);
            templates.Add(new TemplateStats(reader.GetNullable<string>(0), reader.GetString(1), reader.GetInt64(2), succeeded,
                Figures.Rate(succeeded, reader.GetInt64(4)), DurationPercentiles.From(reader.GetNullable<double[]>(5))));
        }
        return new TemplateStatsReport(filter.Window.From.UtcDateTime, filter.Window.To.UtcDateTime, templates);
    }
}
