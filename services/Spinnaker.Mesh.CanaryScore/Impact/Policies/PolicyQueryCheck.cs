using Spinnaker.Mesh.CanaryScore.Impact.Sources;

namespace Spinnaker.Mesh.CanaryScore.Impact.Policies;

/// <summary>
/// Each SLI query of a policy, its placeholders filled with <see cref="SliQuery.SampleBindings"/>, evaluated once by
/// the policy's source: what Prometheus refuses is reported under <c>slis[i].query</c> with Prometheus' own text and
/// the query as checked (its positions, e.g. <c>1:12</c>, count in the filled query).
/// </summary>
internal sealed class PolicyQueryCheck(PrometheusSources sources)
{
    /// <summary>The refusals by field; empty when the source accepts every query.</summary>
    /// <exception cref="MetricSourceException">The source stayed unavailable after its retries.</exception>
    public async Task<IDictionary<string, string[]>> RefusalsAsync(ImpactPolicy policy, CancellationToken cancellationToken)
    {
        var bindings = SliQuery.SampleBindings(policy.Application, policy.ProductionAccounts.FirstOrDefault(), policy.ProductionNamespaces.FirstOrDefault());
        var refusals = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < policy.Slis.Count; i++)
        {
            var query = SliQuery.Fill(policy.Slis[i].Query, bindings);
            if (await sources.ValidateQueryAsync(policy.Source, query, cancellationToken) is { } error)
                refusals[$"slis[{i}].query"] = [$"metric source '{SourceName(policy)}' refused the query: {error} (checked as: {query})"];
        }
        return refusals;
    }

    public string SourceName(ImpactPolicy policy) => policy.Source ?? sources.DefaultSource;
}
