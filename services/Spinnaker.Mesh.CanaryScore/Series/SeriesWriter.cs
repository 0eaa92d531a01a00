using Marten;

namespace Spinnaker.Mesh.CanaryScore.Series;

/// <summary>
/// Writes samples of Mesh's own series in the caller's Marten transaction: they commit (or roll back) with whatever
/// else the session appends, and a sample already stored (same series, same <see cref="SeriesSample.SampleId"/>) is
/// left as it is, so redelivered messages write nothing new.
/// </summary>
internal static class SeriesWriter
{
    private const string InsertSeries = $"""
        INSERT INTO {SeriesSchema.Name}.series (series_id, tenant, metric, labels)
        SELECT s.series_id, s.tenant, s.metric, s.labels::jsonb FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) AS s(series_id, tenant, metric, labels)
        ON CONFLICT (series_id) DO NOTHING
        """;

    private const string InsertSamples = $"""
        INSERT INTO {SeriesSchema.Name}.series_samples (series_id, sample_key, at_ms, value)
        SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::bigint[], ?::double precision[])
        ON CONFLICT (series_id, sample_key) DO NOTHING
        """;

    /// <summary>
    /// Queues idempotent inserts of <paramref name="samples"/> (and of their series, if new) for
    /// <paramref name="tenant"/> on <paramref name="session"/>; nothing is written before its <c>SaveChangesAsync</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A metric or label name Prometheus would not accept.</exception>
    public static void QueueSamples(this IDocumentSession session, string tenant, IEnumerable<SeriesSample> samples)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentNullException.ThrowIfNull(samples);
        var series = new SortedDictionary<Guid, (string Metric, string Labels)>();
        var rows = new SortedDictionary<(Guid Series, Guid Sample), (long AtMs, double Value)>();
        foreach (var sample in samples)
        {
            SeriesKey.RequireMetricName(sample.Metric);
            var labels = SeriesKey.Canonical(sample.Labels);
            var id = SeriesKey.SeriesId(tenant, sample.Metric, labels);
            if (!series.ContainsKey(id)) series[id] = (sample.Metric, SeriesKey.LabelsJson(labels));
            // Prometheus keeps milliseconds; so do we.
            rows.TryAdd((id, SeriesKey.SampleKey(sample.SampleId)), (sample.At.ToUnixTimeMilliseconds(), sample.Value));
        }
        if (rows.Count == 0) return;
        // Sorted keys: concurrent writers of the same series take their row locks in one order.
        session.QueueSqlCommand(InsertSeries,
            series.Keys.ToArray(), Enumerable.Repeat(tenant, series.Count).ToArray(),
            series.Values.Select(s => s.Metric).ToArray(), series.Values.Select(s => s.Labels).ToArray());
        session.QueueSqlCommand(InsertSamples,
            rows.Keys.Select(k => k.Series).ToArray(), rows.Keys.Select(k => k.Sample).ToArray(),
            rows.Values.Select(v => v.AtMs).ToArray(), rows.Values.Select(v => v.Value).ToArray());
    }
}
