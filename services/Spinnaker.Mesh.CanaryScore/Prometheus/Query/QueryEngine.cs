using Microsoft.Extensions.Options;
using Spinnaker.Mesh.CanaryScore.Series;

namespace Spinnaker.Mesh.CanaryScore.Prometheus.Query;

/// <summary>
/// Evaluates a parsed query at every step of a range, as Prometheus does: a gauge's value at a step is its latest
/// sample at or before the step and less than the lookback delta before it; a counter (<c>*_total</c>, stored as
/// increments) holds the running sum of its increments from the first one on; aggregations combine the series
/// present at a step, grouped by labels; series without a point in the range are left out.
/// </summary>
internal sealed class QueryEngine(SeriesReader reader, IOptions<PrometheusApiOptions> options)
{
    private readonly PrometheusApiOptions _options = options.Value;

    public async Task<QueryResult> EvaluateAsync(string tenant, QueryExpression expression, StepRange range, long lookbackMs, CancellationToken ct)
    {
        if (expression is ScalarLiteral scalar) return new QueryResult([], scalar.Value);
        var series = await EvaluateVectorAsync(tenant, expression, range, lookbackMs, ct);
        var present = series.Where(s => s.Any).ToList();
        present.Sort(ResultSeries.Compare);
        return new QueryResult(present, null);
    }

    private async Task<List<ResultSeries>> EvaluateVectorAsync(string tenant, QueryExpression expression, StepRange range, long lookbackMs,
        CancellationToken ct) => expression switch
    {
        VectorSelector selector => await SelectAsync(tenant, selector, range, lookbackMs, ct),
        Aggregation aggregation => Aggregate(aggregation, await EvaluateVectorAsync(tenant, aggregation.Input, range, lookbackMs, ct), range.Count),
        _ => throw new PrometheusApiException(PrometheusApiException.BadData, $"expected an instant vector, got {expression.GetType().Name}"),
    };

    /// <summary>The series a selector matches, read at every step.</summary>
    private async Task<List<ResultSeries>> SelectAsync(string tenant, VectorSelector selector, StepRange range, long lookbackMs, CancellationToken ct)
    {
        var matched = await MatchAsync(tenant, selector, ct);
        if ((long)matched.Count * range.Count > _options.MaxSamples)
            throw new PrometheusApiException(PrometheusApiException.Execution,
                $"query processing would load too many samples into memory in query execution: {matched.Count} series × {range.Count} steps " +
                $"is more than Mesh:CanaryScore:Prometheus:MaxSamples ({_options.MaxSamples}); narrow the selector or raise the step");
        var gauges = matched.Where(s => !s.IsCounter).ToList();
        var counters = matched.Where(s => s.IsCounter).ToList();
        var results = new List<ResultSeries>(matched.Count);
        if (gauges.Count > 0)
        {
            var latest = await reader.LatestPerStepAsync([.. gauges.Select(s => s.Id)], range, lookbackMs, ct);
            foreach (var series in gauges)
                if (latest.TryGetValue(series.Id, out var buckets)) results.Add(GaugeSteps(series, buckets, range, lookbackMs));
        }
        if (counters.Count > 0)
        {
            var increments = await reader.IncrementsPerStepAsync([.. counters.Select(s => s.Id)], range, ct);
            foreach (var series in counters)
                if (increments.TryGetValue(series.Id, out var buckets)) results.Add(CounterSteps(series, buckets, range));
        }
        return results;
    }

    /// <summary>The series a selector matches: narrowed in SQL by name and equalities, then every matcher applied.</summary>
    public async Task<IReadOnlyList<StoredSeries>> MatchAsync(string tenant, VectorSelector selector, CancellationToken ct)
    {
        var equalities = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in selector.Matchers)
            if (m is { Type: LabelMatchType.Equal, Name: not LabelMatcher.MetricNameLabel, Value.Length: > 0 }) equalities[m.Name] = m.Value;
        var limit = _options.MaxCandidateSeries;
        var candidates = await reader.FindAsync(tenant, selector.MetricName, equalities, limit + 1, ct);
        if (candidates.Count > limit)
            throw new PrometheusApiException(PrometheusApiException.Execution,
                $"the selector would read more than {limit} series before its regular-expression and != matchers apply; add a metric name or an equality matcher");
        var matched = candidates.Where(s => selector.Matchers.All(m => m.Matches(s.Label(m.Name)))).ToList();
        if (matched.Count > _options.MaxSeries)
            throw new PrometheusApiException(PrometheusApiException.Execution,
                $"the selector matches {matched.Count} series, more than Mesh:CanaryScore:Prometheus:MaxSeries ({_options.MaxSeries}); narrow it with label matchers");
        return matched;
    }

    private static ResultSeries GaugeSteps(StoredSeries series, List<BucketSample> buckets, StepRange range, long lookbackMs)
    {
        var result = new ResultSeries(LabelsOf(series), range.Count);
        var next = 0;
        BucketSample? latest = null;
        for (var step = 0; step < range.Count; step++)
        {
            // Buckets are in step order, each holding the latest sample of its step; the last one at or before this
            // step holds the latest sample at or before it.
            while (next < buckets.Count && buckets[next].Step <= step) latest = buckets[next++];
            if (latest is { } sample && range.At(step) - sample.AtMs < lookbackMs) result.Set(step, sample.Value);
        }
        return result;
    }

    private static ResultSeries CounterSteps(StoredSeries series, List<BucketSample> buckets, StepRange range)
    {
        var result = new ResultSeries(LabelsOf(series), range.Count);
        var next = 0;
        var sum = 0.0;
        var started = false;
        for (var step = 0; step < range.Count; step++)
        {
            while (next < buckets.Count && buckets[next].Step <= step)
            {
                sum += buckets[next++].Value;
                started = true;
            }
            if (started) result.Set(step, sum);
        }
        return result;
    }

    private static Dictionary<string, string> LabelsOf(StoredSeries series) =>
        new(series.Labels, StringComparer.Ordinal) { [LabelMatcher.MetricNameLabel] = series.Metric };

    private static List<ResultSeries> Aggregate(Aggregation aggregation, List<ResultSeries> input, int steps)
    {
        var groups = new Dictionary<string, (Dictionary<string, string> Labels, List<ResultSeries> Members)>(StringComparer.Ordinal);
        foreach (var series in input)
        {
            var labels = GroupLabels(series.Labels, aggregation);
            var key = string.Join('\xff', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}\xfe{l.Value}"));
            if (!groups.TryGetValue(key, out var group)) groups[key] = group = (labels, []);
            group.Members.Add(series);
        }
        var output = new List<ResultSeries>(groups.Count);
        foreach (var (labels, members) in groups.Values)
        {
            var result = new ResultSeries(labels, steps);
            for (var step = 0; step < steps; step++)
            {
                var values = members.Where(m => m.Present[step]).Select(m => m.Values[step]).ToList();
                if (values.Count > 0) result.Set(step, Combine(aggregation.Operator, values));
            }
            output.Add(result);
        }
        return output;
    }

    /// <summary>The output labels of a series' group: the <c>by</c> labels it has, or all but the <c>without</c> ones; never <c>__name__</c>.</summary>
    private static Dictionary<string, string> GroupLabels(IReadOnlyDictionary<string, string> labels, Aggregation aggregation)
    {
        var grouping = aggregation.Grouping.ToHashSet(StringComparer.Ordinal);
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in labels)
        {
            if (name == LabelMatcher.MetricNameLabel || value.Length == 0) continue;
            if (aggregation.Without ? !grouping.Contains(name) : grouping.Contains(name)) kept[name] = value;
        }
        return kept;
    }

    private static double Combine(AggregationOperator op, List<double> values)
    {
        switch (op)
        {
            case AggregationOperator.Count:
                return values.Count;
            case AggregationOperator.Sum:
                return CompensatedSum(values);
            case AggregationOperator.Avg:
                return CompensatedSum(values) / values.Count;
            case AggregationOperator.Min:
            case AggregationOperator.Max:
                // As in Prometheus, NaN loses to any number: NaN only when every value is NaN.
                var best = double.NaN;
                foreach (var v in values)
                    if (double.IsNaN(best) || (op == AggregationOperator.Min ? v < best : v > best)) best = double.IsNaN(v) ? best : v;
                return best;
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, null);
        }
    }

    /// <summary>Kahan-Babuška summation, as Prometheus sums: averages of many scores do not drift.</summary>
    private static double CompensatedSum(List<double> values)
    {
        double sum = 0, compensation = 0;
        foreach (var v in values)
        {
            var t = sum + v;
            if (double.IsInfinity(t)) compensation = 0;
            else if (Math.Abs(sum) >= Math.Abs(v)) compensation += (sum - t) + v;
            else compensation += (v - t) + sum;
            sum = t;
        }
        return double.IsInfinity(sum) || double.IsNaN(sum) ? sum : sum + compensation;
    }
}
