using Spinnaker.Mesh.CanaryJudge.Prometheus;
using Spinnaker.Mesh.CanaryScore.Impact;
using Spinnaker.Mesh.CanaryScore.Impact.Assessment;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Assessment;

/// <summary>Policies, deploy stages and executions as ingest publishes them, for the assessment's pure specs.</summary>
internal static class ImpactExamples
{
    public static readonly DateTimeOffset T0 = new(2024, 5, 14, 22, 0, 0, TimeSpan.Zero);

    public static SliDefinition Latency(bool critical = false, double allowed = 10) =>
        new("p99 latency", "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{app=\"${application}\",namespace=\"${namespace}\"}[1m])) by (le))",
            BadDirections.Increase, critical, allowed);

    public static SliDefinition Throughput(bool critical = false) =>
        new("successful requests", "sum(rate(http_requests_total{app=\"${application}\",code=~\"2..\",cluster=\"${cluster}\"}[1m]))",
            BadDirections.Decrease, critical, 10);

    public static ImpactPolicy Policy(params SliDefinition[] slis) => new(
        "checkout", "prom", ["prod-us", "prod-eu"], ["checkout-prod"], TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30),
        TimeSpan.FromSeconds(30), slis.Length == 0 ? [Latency()] : slis);

    public static StageInfo Stage(string id, string type, DateTimeOffset start, DateTimeOffset end, string status = "SUCCEEDED",
        string? account = "prod-us", string? ns = null, string? cluster = "checkout-api", string? serverGroup = null, string? region = "us-east-1") =>
        new(id, id, type, id, status, start, end, [], null, null, "aws", account, region is null ? [] : [region], cluster, serverGroup, [], [], null, null,
            Namespace: ns);

    public static ExecutionInfo Execution(string executionId, string application = "checkout", string tenant = "acme") => new(
        tenant, application, executionId, "PIPELINE", "Deploy to production", "deploy-config", "RUNNING", T0 - TimeSpan.FromMinutes(1), null,
        new TriggerInfo("manual", "alice@example.com", null, null, null, null, null), null, false, null, null);

    public static StageCompleted Completed(ExecutionInfo execution, StageInfo stage, params StageInfo[] others) =>
        new(Guid.NewGuid(), stage.EndTime!.Value, execution, stage, others);

    public static ImpactDeployment Deployment(string executionId, DateTimeOffset start, DateTimeOffset end, string application = "checkout") =>
        new(application, executionId, executionId + "-deploy", "Deploy to production", [executionId + "-deploy"], "checkout-api", "prod-us",
            "us-east-1", "checkout-prod", "1.4.2", start, end);

    /// <summary>A series of <paramref name="count"/> points around <paramref name="level"/>, deterministic wobble of ±<paramref name="spread"/>.</summary>
    public static double[] Around(double level, double spread, int count = 13, int phase = 0) =>
        [.. Enumerable.Range(0, count).Select(i => level + spread * Math.Sin(1.7 * (i + phase)))];

    public static PrometheusSeries Series(IReadOnlyList<double> values, DateTimeOffset start, long stepMillis = 10_000, string pod = "checkout-1") =>
        new("", new Dictionary<string, string> { ["pod"] = pod }, start.ToUnixTimeMilliseconds(), stepMillis,
            start.ToUnixTimeMilliseconds() + values.Count * stepMillis, values,
            [.. Enumerable.Range(0, values.Count).Select(i => start.ToUnixTimeMilliseconds() + i * stepMillis)]);
}

/// <summary>A clock that says what the spec says.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// A metric source the spec scripts: per query text, what the before and the after window answer (by which window
/// the range starts in), or the failure it throws. Records every call.
/// </summary>
internal sealed class ScriptedMetricSources(string defaultSource = "prom", params string[] others) : IMetricSources
{
    private readonly HashSet<string> _sources = [defaultSource, .. others];
    private readonly List<(Func<string, bool> Matches, Func<DateTimeOffset, IReadOnlyList<PrometheusSeries>> Answer)> _answers = [];

    public List<(string? Source, string Query, DateTimeOffset Start, DateTimeOffset End, TimeSpan Step)> Calls { get; } = [];
    public MetricSourceException? Failure { get; set; }
    public DateTimeOffset DeployStart { get; set; } = ImpactExamples.T0;

    public bool Contains(string source) => _sources.Contains(source);

    public string DefaultSource { get; } = defaultSource;

    /// <summary>Queries containing <paramref name="fragment"/> answer <paramref name="before"/> before the deploy and <paramref name="after"/> after it.</summary>
    public ScriptedMetricSources Answer(string fragment, double[]? before, double[]? after)
    {
        _answers.Add((q => q.Contains(fragment, StringComparison.Ordinal), start =>
        {
            var values = start < DeployStart ? before : after;
            return values is null ? [] : [ImpactExamples.Series(values, start)];
        }));
        return this;
    }

    public Task<IReadOnlyList<PrometheusSeries>> QueryRangeAsync(
        string? source, string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        Calls.Add((source, query, start, end, step));
        if (Failure is not null) throw Failure;
        var answer = _answers.FirstOrDefault(a => a.Matches(query)).Answer;
        return Task.FromResult(answer?.Invoke(start) ?? (IReadOnlyList<PrometheusSeries>)[]);
    }
}
