using FluentValidation;

namespace Spinnaker.Mesh.Rollback.Policies;

/// <summary>
/// <c>Mesh:Rollback:Policies:{application}</c>: policies for every tenant that stores none of its own for that
/// application, written as the PUT body is (<c>…:mode</c>, <c>…:triggers:0</c>, <c>…:rollbackPipeline:parameters:target</c>).
/// Checked at start; a failure names the key, e.g. <c>Mesh:Rollback:Policies:checkout:triggers:1</c>.
/// </summary>
internal sealed class ConfiguredRollbackPolicies
{
    public const string Section = "Mesh:Rollback";

    public Dictionary<string, RollbackPolicyDocument> Policies { get; set; } = [];

    /// <summary>The configured policies by normalized application name.</summary>
    public IReadOnlyDictionary<string, RollbackPolicy> ToPolicies() =>
        Policies.ToDictionary(p => RollbackPolicyApplication.Normalize(p.Key), p => p.Value.ToPolicy(p.Key), StringComparer.Ordinal);
}

/// <summary>The configured policies pass the same checks as a PUT body.</summary>
internal sealed class ConfiguredRollbackPoliciesValidator : AbstractValidator<ConfiguredRollbackPolicies>
{
    public ConfiguredRollbackPoliciesValidator()
    {
        var policy = new RollbackPolicyValidator();
        RuleFor(c => c).Custom((configured, context) =>
        {
            foreach (var (application, document) in configured.Policies)
            {
                var prefix = $"Policies.{application}";
                if (!RollbackPolicyApplication.IsValid(application)) context.AddFailure(prefix, RollbackPolicyApplication.Rule);
                foreach (var failure in policy.Validate(document).Errors) context.AddFailure($"{prefix}.{failure.PropertyName}", failure.ErrorMessage);
            }
            var twice = configured.Policies.Keys.GroupBy(RollbackPolicyApplication.Normalize).Where(g => g.Count() > 1).Select(g => g.Key);
            foreach (var application in twice) context.AddFailure($"Policies.{application}", "is configured twice (application names ignore case)");
        });
    }
}
