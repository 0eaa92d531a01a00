using Spinnaker.Mesh.CanaryJudge.Prometheus;

namespace Spinnaker.Mesh.CanaryScore.Impact;

/// <summary>
/// The Prometheus-compatible HTTP APIs deployments are assessed against (<c>Mesh:Impact:Sources:{name}</c>: URL,
/// optional bearer or basic auth, timeout, retries), <c>Mesh:Impact:DefaultSource</c> by default.
/// </summary>
internal interface IMetricSources
{
    /// <summary>Whether a source of that name is configured.</summary>
    bool Contains(string source);

    /// <summary>The configured default source's name.</summary>
    string DefaultSource { get; }

    /// <summary><c>GET {url}/api/v1/query_range</c>, retried as configured while the source is unreachable or answers 5xx.</summary>
    /// <param name="source">A configured source; null for the default.</param>
    /// <exception cref="MetricSourceException">The source refused the query, or stayed unreachable after the retries.</exception>
    Task<IReadOnlyList<PrometheusSeries>> QueryRangeAsync(
        string? source, string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken);
}

/// <summary>Why a query got no series.</summary>
internal enum MetricSourceFailure
{
    /// <summary>The source answered with an error for the query itself (Prometheus' <c>bad_data</c>, <c>execution</c>, ...): asking again will not help.</summary>
    Refused,
    /// <summary>The source could not be reached, timed out or answered 5xx, after the configured retries.</summary>
    Unavailable,
}

/// <summary>A query a metric source did not answer; <see cref="Exception.Message"/> carries the source's own error text.</summary>
internal sealed class MetricSourceException(string source, MetricSourceFailure failure, string message, string? errorType = null, Exception? inner = null)
    : Exception(message, inner)
{
    public string SourceName { get; } = source;
    public MetricSourceFailure Failure { get; } = failure;
    /// <summary>Prometheus' <c>errorType</c>, when it answered one.</summary>
    public string? ErrorType { get; } = errorType;
}
