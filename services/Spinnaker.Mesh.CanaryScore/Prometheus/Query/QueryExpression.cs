namespace Spinnaker.Mesh.CanaryScore.Prometheus.Query;

/// <summary>A parsed query of the PromQL subset Mesh serves (see <see cref="PromQlParser"/>).</summary>
internal abstract record QueryExpression;

/// <summary>A number, or arithmetic on numbers only (<c>1+1</c>, Grafana's connection test): a scalar.</summary>
internal sealed record ScalarLiteral(double Value) : QueryExpression;

/// <summary><c>name{label="value", ...}</c>: every series of the metric whose labels satisfy all matchers.</summary>
/// <param name="Matchers">All matchers, the metric name included as a <c>__name__</c> equality.</param>
internal sealed record VectorSelector(IReadOnlyList<LabelMatcher> Matchers) : QueryExpression
{
    /// <summary>The metric name when one is fixed by equality (the usual case, which the store looks up by index).</summary>
    public string? MetricName => Matchers.FirstOrDefault(m => m.Name == LabelMatcher.MetricNameLabel && m.Type == LabelMatchType.Equal)?.Value;
}

internal enum AggregationOperator { Sum, Avg, Min, Max, Count }

/// <summary><c>avg(expr) by (a, b)</c> or <c>without (c)</c>: one output series per group of the input's series.</summary>
/// <param name="Grouping">The labels of <c>by</c> or <c>without</c>; empty and not <paramref name="Without"/>: one group.</param>
internal sealed record Aggregation(AggregationOperator Operator, QueryExpression Input, IReadOnlyList<string> Grouping, bool Without) : QueryExpression;
