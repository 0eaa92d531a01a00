using Marten;
using Npgsql;
using Spinnaker.Mesh.CanaryScore.Judgments;

namespace Spinnaker.Mesh.CanaryScore.Trends;

/// <summary>The judged runs of trends, oldest first: one trend's latest (for the rule) or every trend of an application (for the API).</summary>
internal static class TrendQueries
{
    // The newest runs, returned oldest first; failed runs (no score) are no part of a trend.
    private const string OneTrendSql = """
        SELECT r.judgment::text FROM (
            SELECT judgment, judged_at, judgment_id FROM canary_score.judgments
            WHERE tenant = ? AND application = ? AND service = ? AND config_key = ? AND score IS NOT NULL
            ORDER BY judged_at DESC, judgment_id DESC LIMIT ?) r
        ORDER BY r.judged_at, r.judgment_id
        """;

    public static async Task<IReadOnlyList<Judgment>> LatestAsync(IQuerySession session, string tenant, TrendKey key, int runs, CancellationToken ct)
    {
        var rows = await session.AdvancedSql.QueryAsync<string>(OneTrendSql, ct, tenant, key.Application, key.Service, key.Config, runs);
        return [.. rows.Select(JudgmentTable.ReadJudgment)];
    }

    private const string ApplicationSql = """
        SELECT r.judgment::text, r.passes, r.marginals, r.fails FROM (
            SELECT judgment, service, config_key, judged_at, judgment_id,
                row_number() OVER (PARTITION BY service, config_key ORDER BY judged_at DESC, judgment_id DESC) AS newest,
                count(*) FILTER (WHERE classification = 'Pass') OVER runs AS passes,
                count(*) FILTER (WHERE classification = 'Marginal') OVER runs AS marginals,
                count(*) FILTER (WHERE classification = 'Fail') OVER runs AS fails
            FROM canary_score.judgments
            WHERE tenant = @tenant AND application = @application AND score IS NOT NULL
            WINDOW runs AS (PARTITION BY service, config_key)) r
        WHERE r.newest <= @runs
        ORDER BY r.service, r.config_key, r.judged_at, r.judgment_id
        """;

    /// <summary>Every trend of an application: its latest <paramref name="runs"/> runs, oldest first, and its counts over all runs.</summary>
    public static async Task<IReadOnlyList<(TrendKey Key, IReadOnlyList<Judgment> Runs, long Passes, long Marginals, long Fails)>> OfApplicationAsync(
        NpgsqlDataSource db, string tenant, string application, int runs, CancellationToken ct)
    {
        await using var command = db.CreateCommand(ApplicationSql);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("application", application);
        command.Parameters.AddWithValue("runs", (long)runs);
        var rows = new List<(Judgment Judgment, long Passes, long Marginals, long Fails)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                rows.Add((JudgmentTable.ReadJudgment(reader.GetString(0)), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        return [.. rows.GroupBy(r => r.Judgment.Trend).Select(g =>
            (g.Key, (IReadOnlyList<Judgment>)[.. g.Select(r => r.Judgment)], g.First().Passes, g.First().Marginals, g.First().Fails))];
    }

    public static TrendPoint ToPoint(Judgment j) =>
        new(j.JudgmentId, j.JudgedAt, j.Score!.Value, j.Classification!, j.PassThreshold, j.MarginalThreshold);
}
