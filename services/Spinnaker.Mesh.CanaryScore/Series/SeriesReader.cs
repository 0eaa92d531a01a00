using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Spinnaker.Mesh.CanaryScore.Series;

/// <summary>
/// Reads Mesh's own series for the Prometheus API. Range reads return at most one row per series and step (the last
/// sample before each step, or each step's sum of counter increments), so a year at one point a day moves a few
/// hundred rows per series, whatever the number of samples behind them.
/// </summary>
internal sealed class SeriesReader(NpgsqlDataSource database)
{
    /// <summary>
    /// Series of <paramref name="tenant"/>, narrowed in SQL by metric name and label equalities; at most
    /// <paramref name="limit"/> (the caller asks one more than it allows, to tell that there were too many).
    /// </summary>
    public async Task<IReadOnlyList<StoredSeries>> FindAsync(string tenant, string? metric, IReadOnlyDictionary<string, string> labelsEqual,
        int limit, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            SELECT series_id, metric, labels::text FROM {SeriesSchema.Name}.series
            WHERE tenant = $1 AND ($2::text IS NULL OR metric = $2) AND labels @> $3::jsonb
            ORDER BY metric, series_id
            LIMIT $4
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)metric ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(labelsEqual) });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var found = new List<StoredSeries>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            found.Add(new StoredSeries(reader.GetGuid(0), reader.GetString(1),
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(2)) ?? []));
        return found;
    }

    /// <summary>
    /// For each series and step k of <paramref name="range"/>: the latest sample in (step k−1, step k] (samples up to
    /// the first step fall in step 0), when it is within <paramref name="lookbackMs"/> of step k. The latest sample at
    /// or before a step is then the latest of these at or before it, and only it counts (Prometheus' lookback rule).
    /// </summary>
    public async Task<Dictionary<Guid, List<BucketSample>>> LatestPerStepAsync(Guid[] seriesIds, StepRange range, long lookbackMs, CancellationToken ct)
    {
        await using var command = database.CreateCommand(LatestPerStepSql);
        AddRange(command, seriesIds, range);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = lookbackMs });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = range.StartMs - lookbackMs });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = range.LastMs });
        return await ReadBucketsAsync(command, ct);
    }

    /// <summary>$1 series ids, $2 start ms, $3 last step index, $4 step ms, $5 lookback ms, $6 start − lookback, $7 last step time.</summary>
    internal const string LatestPerStepSql = $"""
            SELECT DISTINCT ON (series_id, bucket) series_id, bucket, at_ms, value
            FROM (
                SELECT s.series_id, s.value, s.at_ms,
                       CASE WHEN s.at_ms <= $2 THEN 0 ELSE (s.at_ms - $2 + $4 - 1) / $4 END AS bucket
                FROM {SeriesSchema.Name}.series_samples s
                WHERE s.series_id = ANY($1) AND s.at_ms > $6 AND s.at_ms <= $7
            ) x
            WHERE bucket <= $3 AND $2 + bucket * $4 - at_ms < $5
            ORDER BY series_id, bucket, at_ms DESC
            """;

    /// <summary>
    /// For each counter series: the sum of its increments up to the first step (bucket 0, its whole history before the
    /// range), then per step k the sum of those in (step k−1, step k].
    /// </summary>
    public async Task<Dictionary<Guid, List<BucketSample>>> IncrementsPerStepAsync(Guid[] seriesIds, StepRange range, CancellationToken ct)
    {
        const string sql = $"""
            SELECT series_id, bucket, max(at_ms), sum(value)
            FROM (
                SELECT s.series_id, s.value, s.at_ms,
                       CASE WHEN s.at_ms <= $2 THEN 0 ELSE (s.at_ms - $2 + $4 - 1) / $4 END AS bucket
                FROM {SeriesSchema.Name}.series_samples s
                WHERE s.series_id = ANY($1) AND s.at_ms <= $5
            ) x
            WHERE bucket <= $3
            GROUP BY series_id, bucket
            ORDER BY series_id, bucket
            """;
        await using var command = database.CreateCommand(sql);
        AddRange(command, seriesIds, range);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = range.LastMs });
        return await ReadBucketsAsync(command, ct);
    }

    /// <summary>Which of <paramref name="seriesIds"/> have a sample in [<paramref name="fromMs"/>, <paramref name="toMs"/>].</summary>
    public async Task<HashSet<Guid>> WithSamplesAsync(Guid[] seriesIds, long fromMs, long toMs, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            SELECT id FROM unnest($1::uuid[]) AS i(id)
            WHERE EXISTS (SELECT 1 FROM {SeriesSchema.Name}.series_samples s WHERE s.series_id = i.id AND s.at_ms >= $2 AND s.at_ms <= $3)
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = seriesIds });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = fromMs });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = toMs });
        var ids = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        return ids;
    }

    /// <summary>Every label name of the tenant's series (<c>__name__</c> included when there is any series), sorted.</summary>
    public async Task<IReadOnlyList<string>> LabelNamesAsync(string tenant, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            SELECT DISTINCT k FROM {SeriesSchema.Name}.series s CROSS JOIN LATERAL jsonb_object_keys(s.labels) AS k WHERE s.tenant = $1
            UNION SELECT '__name__' WHERE EXISTS (SELECT 1 FROM {SeriesSchema.Name}.series WHERE tenant = $1)
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        return Sorted(await ReadStringsAsync(command, ct));
    }

    /// <summary>Every value of one label (<c>__name__</c>: the metric names) among the tenant's series, sorted.</summary>
    public async Task<IReadOnlyList<string>> LabelValuesAsync(string tenant, string label, CancellationToken ct)
    {
        await using var command = database.CreateCommand(label == Prometheus.Query.LabelMatcher.MetricNameLabel
            ? $"SELECT DISTINCT metric FROM {SeriesSchema.Name}.series WHERE tenant = $1"
            : $"SELECT DISTINCT labels ->> $2 FROM {SeriesSchema.Name}.series WHERE tenant = $1 AND labels ? $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        if (label != Prometheus.Query.LabelMatcher.MetricNameLabel) command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = label });
        return Sorted(await ReadStringsAsync(command, ct));
    }

    private static void AddRange(NpgsqlCommand command, Guid[] seriesIds, StepRange range)
    {
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = seriesIds });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = range.StartMs });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = range.Count - 1 });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = range.StepMs });
    }

    private static async Task<Dictionary<Guid, List<BucketSample>>> ReadBucketsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var buckets = new Dictionary<Guid, List<BucketSample>>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetGuid(0);
            if (!buckets.TryGetValue(id, out var list)) buckets[id] = list = [];
            list.Add(new BucketSample((int)reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3)));
        }
        return buckets;
    }

    private static async Task<List<string>> ReadStringsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            if (!reader.IsDBNull(0)) values.Add(reader.GetString(0));
        return values;
    }

    private static List<string> Sorted(List<string> values)
    {
        values.Sort(StringComparer.Ordinal);
        return values;
    }
}

/// <summary>One step's row: its step, the time of the (latest) sample, and its value (or the step's sum of increments).</summary>
internal readonly record struct BucketSample(int Step, long AtMs, double Value);
