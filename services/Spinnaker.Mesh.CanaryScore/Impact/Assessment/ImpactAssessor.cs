using Microsoft.Extensions.Options;
using Spinnaker.Mesh.CanaryJudge;
using Spinnaker.Mesh.CanaryJudge.Prometheus;
using Spinnaker.Mesh.CanaryScore.Impact.Policies;
using Spinnaker.Mesh.Contracts.Impact.V1;

namespace Spinnaker.Mesh.CanaryScore.Impact.Assessment;

/// <summary>What one attempt at an assessment came to.</summary>
internal abstract record ImpactOutcome;

/// <summary>The assessment is made (any verdict, Inconclusive included).</summary>
internal sealed record ImpactAssessedOutcome(DeploymentImpactAssessed Assessed) : ImpactOutcome;

/// <summary>The metric source was unavailable: try again at <see cref="RetryAt"/>.</summary>
internal sealed record ImpactRetryOutcome(int Attempt, string Reason, DateTimeOffset RetryAt) : ImpactOutcome;

/// <summary>
/// Makes one attempt at a due assessment: each SLI's query, its placeholders filled from the deployment, over the
/// window before the deploy and the window after it settled (<c>query_range</c> at the policy's step), judged with
/// <see cref="SliJudging"/>, the verdict from <see cref="ImpactVerdicts"/>. Never a false alarm: a deploy confounded by a
/// later one, a source that is not configured, a query the source refused, or a source that stays unavailable for
/// <see cref="ImpactAssessmentOptions.MaxAttempts"/> attempts make the assessment Inconclusive, with the reason.
/// </summary>
internal sealed class ImpactAssessor(IMetricSources sources, NetflixAcaJudge judge, IOptions<ImpactAssessmentOptions> options, TimeProvider clock)
{
    public const string Environment = "production";

    private readonly ImpactAssessmentOptions _options = options.Value;

    /// <param name="confounder">A later deploy of the application that started before the after window ended (<see cref="Overlap"/>).</param>
    public async Task<ImpactOutcome> AssessAsync(ImpactState state, OtherDeploy? confounder, CancellationToken ct)
    {
        var deployment = state.Deployment;
        var policy = state.Policy;
        var windows = state.Windows;
        if (confounder is not null)
            return Assessed(state, new ImpactVerdict(ImpactVerdicts.Inconclusive, null, Overlap.Reason(confounder, deployment, windows)), [], confounder.ExecutionId);

        var source = policy.Source ?? sources.DefaultSource;
        if (!sources.Contains(source))
            return Assessed(state, Inconclusive($"the metric source '{source}' of the policy of {deployment.Application} is not configured"), []);

        var slis = new List<SliImpact>();
        var bindings = SliQuery.Bindings(deployment.Application, deployment.Cluster, deployment.Namespace, deployment.Region, deployment.Account, deployment.Version);
        foreach (var sli in policy.Slis)
        {
            if (SliQuery.Missing(sli.Query, bindings) is { Count: > 0 } missing)
            {
                // A placeholder the deployment names no value for: that SLI cannot be asked about this deploy.
                slis.Add(new SliImpact(sli.Name, ImpactClassifications.Error, null, null, null, sli.Critical,
                    $"the query uses {string.Join(", ", missing.Select(m => "${" + m + "}"))}, which the deployment does not name"));
                continue;
            }
            var query = SliQuery.Fill(sli.Query, bindings);
            IReadOnlyList<PrometheusSeries> before, after;
            try
            {
                before = await sources.QueryRangeAsync(source, query, windows.Before.Start, windows.Before.End, policy.Step, ct);
                after = await sources.QueryRangeAsync(source, query, windows.After.Start, windows.After.End, policy.Step, ct);
            }
            catch (MetricSourceException e) when (e.Failure == MetricSourceFailure.Refused)
            {
                var error = e.ErrorType is { Length: > 0 } type && !e.Message.StartsWith(type, StringComparison.Ordinal) ? $"{type}: {e.Message}" : e.Message;
                var refused = $"the metric source '{e.SourceName}' refused the query of SLI '{sli.Name}': {error}";
                slis.Add(new SliImpact(sli.Name, ImpactClassifications.Error, null, null, null, sli.Critical, refused));
                return Assessed(state, Inconclusive(refused), slis);
            }
            catch (MetricSourceException e)
            {
                return Unavailable(state, source, sli, e.Message);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // Anything else the client lets through (an answer it cannot read...) is retried like an outage, and is
                // Inconclusive when it persists: never an endless loop, never a verdict from half an answer.
                return Unavailable(state, source, sli, $"{e.GetType().Name}: {e.Message}");
            }
            slis.Add(SliJudging.Judge(judge, sli, Points(before), Points(after)));
        }
        return Assessed(state, ImpactVerdicts.Of(slis, _options.PassThreshold, _options.MarginalThreshold), slis);
    }

    private ImpactOutcome Unavailable(ImpactState state, string source, SliDefinition sli, string error)
    {
        var attempt = state.Attempts + 1;
        var reason = $"the metric source '{source}' was unavailable for SLI '{sli.Name}': {error}";
        if (attempt < _options.MaxAttempts)
            return new ImpactRetryOutcome(attempt, reason, clock.GetUtcNow() + _options.RetryDelay);
        return Assessed(state, Inconclusive($"the metric source '{source}' stayed unavailable for {attempt} attempts; last: {reason}"), []);
    }

    private static ImpactVerdict Inconclusive(string reason) => new(ImpactVerdicts.Inconclusive, null, reason);

    /// <summary>Every point of every series the window's query answered: pods and versions change across a deploy, so series are pooled, not paired.</summary>
    private static double[] Points(IReadOnlyList<PrometheusSeries> series) => [.. series.SelectMany(s => s.Values)];

    private ImpactAssessedOutcome Assessed(ImpactState state, ImpactVerdict verdict, IReadOnlyList<SliImpact> slis, string? supersededBy = null)
    {
        var d = state.Deployment;
        return new ImpactAssessedOutcome(new DeploymentImpactAssessed(
            DeploymentImpactStreams.AssessedId(state.Tenant, d.ExecutionId, d.StageId), state.Tenant, d.Application, d.ExecutionId, d.StageId,
            d.PipelineName, Environment, d.Cluster, d.Account, d.Region, d.Namespace, d.Version, verdict.Verdict, verdict.Score, verdict.Reason,
            slis, d.DeployStartedAt, d.DeployEndedAt, clock.GetUtcNow(), supersededBy));
    }

    /// <summary>The <see cref="DeploymentDegraded"/> a failed assessment publishes with it.</summary>
    public static DeploymentDegraded Degraded(DeploymentImpactAssessed a) => new(
        DeploymentImpactStreams.DegradedId(a.Tenant, a.ExecutionId, a.StageId), a.Tenant, a.Application, a.ExecutionId, a.StageId, a.Cluster,
        a.Account, a.Region, a.Namespace, a.Version, a.Score, [.. a.Slis.Where(ImpactClassifications.GotWorse)], a.AssessedAt);
}
