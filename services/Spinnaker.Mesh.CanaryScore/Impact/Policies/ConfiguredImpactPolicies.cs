using FluentValidation;
using Microsoft.Extensions.Options;
using Spinnaker.Mesh.CanaryScore.Impact.Sources;

namespace Spinnaker.Mesh.CanaryScore.Impact.Policies;

/// <summary>
/// <c>Mesh:Impact:Policies:{application}</c>: policies for every tenant that has not stored its own for the
/// application. Checked at start by the same rules as a PUT (failures name the key, e.g.
/// <c>Mesh:Impact:Policies:checkout:slis:0:query</c>), but not against the source: a service must start while
/// Prometheus is down; a query the source refuses later makes that SLI inconclusive.
/// </summary>
internal sealed class ConfiguredImpactPolicies
{
    public const string Section = MetricSourcesOptions.Section;

    public Dictionary<string, ImpactPolicyDocument> Policies { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The configured policy of an application (names compared ignoring case), defaults applied.</summary>
    public ImpactPolicy? Find(string application)
    {
        foreach (var (key, document) in Policies)
            if (string.Equals(key, application, StringComparison.OrdinalIgnoreCase)) return document.ToPolicy(key);
        return null;
    }
}

internal sealed class ConfiguredImpactPoliciesValidator : AbstractValidator<ConfiguredImpactPolicies>
{
    public ConfiguredImpactPoliciesValidator(IOptions<MetricSourcesOptions> sources) =>
        RuleFor(o => o).Custom((options, context) =>
        {
            foreach (var (application, policy) in options.Policies.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (!ImpactPolicyRules.IsApplicationName(application))
                    context.AddFailure($"Policies.{application}", "an application name is letters, digits, '.', '_' or '-'");
                ImpactPolicyRules.Check(policy, sources.Value, (field, message) => context.AddFailure($"Policies.{application}.{field}", message));
            }
        });
}
