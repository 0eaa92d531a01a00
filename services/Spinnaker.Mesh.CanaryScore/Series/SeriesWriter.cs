using Marten;

namespace Spinnaker.Mesh.CanaryScore.Series;

/// <summary>
/// Writes samples of Mesh's own series in the caller's Marten transaction: they commit (or roll back) with whatever
/// else the session appends. A subject (<see cref="SeriesSample.SampleId"/>) has one sample per metric: by default the
/// first one stored stays, so redelivered messages write nothing new; <see cref="SampleWrite.Replace"/> overwrites it
/// (value, time and series) for writers whose subject is refined over time, such as a canary judgment that Kayenta
/// completes after Echo.
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
        ON CONFLICT (sample_key) DO NOTHING
        """;

    private const string UpsertSamples = $"""
        INSERT INTO {SeriesSchema.Name}.series_samples (series_id, sample_key, at_ms, value)
        SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::bigint[], ?::double precision[])
        ON CONFLICT (sample_key) DO UPDATE SET series_id = EXCLUDED.series_id, at_ms = EXCLUDED.at_ms, value = EXCLUDED.value
        """;

    /// <summary>
    /// Queues idempotent inserts of <paramref name="samples"/> (and of their series, if new) for
    /// <paramref name="tenant"/> on <paramref name="session"/>; nothing is written before its <c>SaveChangesAsync</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A metric or label name Prometheus would not accept.</exception>
    public static void QueueSamples(this IDocumentSession session, string tenant, IEnumerable<SeriesSample> samples, SampleWrite write = SampleWrite.KeepFirst)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentNullException.ThrowIfNull(samples);
        var series = new SortedDictionary<Guid, (string Metric, string Labels)>();
        var rows = new SortedDictionary<Guid, (Guid Series, long AtMs, double Value)>();
        foreach (var sample in samples)
        {
            SeriesKey.RequireMetricName(sample.Metric);
            var labels = SeriesKey.Canonical(sample.Labels);
            var id = SeriesKey.SeriesId(tenant, sample.Metric, labels);
            if (!series.ContainsKey(id)) series[id] = (sample.Metric, SeriesKey.LabelsJson(labels));
            // Prometheus keeps milliseconds; so do we.
            var key = SeriesKey.SampleKey(tenant, sample.Metric, sample.SampleId);
            if (write == SampleWrite.Replace) rows[key] = (id, sample.At.ToUnixTimeMilliseconds(), sample.Value);
            else rows.TryAdd(key, (id, sample.At.ToUnixTimeMilliseconds(), sample.Value));
        }
        if (rows.Count == 0) return;
        // Sorted keys: concurrent writers of the same series take their row locks in one order.
        session.QueueSqlCommand(InsertSeries,
            series.Keys.ToArray(), Enumerable.Repeat(tenant, series.Count).ToArray(),
            series.Values.Select(s => s.Metric).ToArray(), series.Values.Select(s => s.Labels).ToArray());
        session.QueueSqlCommand(write == SampleWrite.Replace ? UpsertSamples : InsertSamples,
            rows.Values.Select(v => v.Series).ToArray(), rows.Keys.ToArray(),
            rows.Values.Select(v => v.AtMs).ToArray(), rows.Values.Select(v => v.Value).ToArray());
    }
}

/// <summary>What <see cref="SeriesWriter.QueueSamples"/> does with a subject that already has a sample of the metric.</summary>
internal enum SampleWrite
{
    /// <summary>Leave the stored sample: a redelivery or a stale copy of the same observation writes nothing.</summary>
    KeepFirst,

    /// <summary>Overwrite it: the caller sends the subject's current, merged value (callers serialize per subject).</summary>
    Replace,
}
