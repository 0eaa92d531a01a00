using FluentValidation;

namespace Spinnaker.Mesh.Rollback.Policies;

/// <summary>
/// Checks a <see cref="RollbackPolicyDocument"/>. Every error names the field as the body spells it, down to the entry:
/// <c>mode</c>, <c>triggers[1]</c>, <c>rollbackPipeline.pipelineNameOrId</c>, <c>rollbackPipeline.parameters.target</c>.
/// </summary>
internal sealed class RollbackPolicyValidator : AbstractValidator<RollbackPolicyDocument>
{
    public RollbackPolicyValidator()
    {
        RuleFor(p => p).Custom((p, context) =>
        {
            void Fail(string field, string message) => context.AddFailure(field, message);

            if (p.Mode is not (RollbackModes.Auto or RollbackModes.Confirm))
                Fail("mode", $"must be '{RollbackModes.Auto}' (roll back at once) or '{RollbackModes.Confirm}' (an operator approves each proposal)");

            if (p.Triggers is null || p.Triggers.Count == 0)
                Fail("triggers", $"must list at least one of {string.Join(", ", RollbackTriggers.All)}");
            else
                for (var i = 0; i < p.Triggers.Count; i++)
                {
                    var trigger = p.Triggers[i];
                    if (trigger is null || !RollbackTriggers.All.Contains(trigger))
                        Fail($"triggers[{i}]", $"'{trigger}' is not a trigger; use {string.Join(", ", RollbackTriggers.All)}");
                    else if (p.Triggers.IndexOf(trigger) < i)
                        Fail($"triggers[{i}]", $"'{trigger}' is listed twice");
                }

            if (p.RollbackPipeline is not { } pipeline)
                Fail("rollbackPipeline", "is required: the application and the name or id of the pipeline Mesh starts to roll back");
            else
            {
                if (string.IsNullOrWhiteSpace(pipeline.Application))
                    Fail("rollbackPipeline.application", "is required: the application that owns the rollback pipeline");
                else if (!RollbackPolicyApplication.IsValid(pipeline.Application))
                    Fail("rollbackPipeline.application", RollbackPolicyApplication.Rule);
                if (string.IsNullOrWhiteSpace(pipeline.PipelineNameOrId))
                    Fail("rollbackPipeline.pipelineNameOrId", "is required: the rollback pipeline's name or config id");
                foreach (var (name, value) in pipeline.Parameters ?? [])
                {
                    var field = $"rollbackPipeline.parameters.{name}";
                    if (string.IsNullOrWhiteSpace(name)) Fail(field, "a parameter needs a name");
                    else if (name == PolicyParameters.DecisionIdParameter) Fail(field, "is set by Mesh (the decision id); a policy cannot set it");
                    else if (value is null) Fail(field, "must be a string");
                    else if (PolicyParameters.Unknown(value) is { Count: > 0 } unknown)
                        Fail(field, $"{string.Join(", ", unknown)} is no placeholder; use " +
                                    string.Join(", ", PolicyParameters.Placeholders.Select(x => "${" + x + "}")));
                }
            }

            if (p.CooldownMinutes is < 0 or > RollbackPolicyDocument.MaxCooldownMinutes)
                Fail("cooldownMinutes", $"must be between 0 and {RollbackPolicyDocument.MaxCooldownMinutes} (a week)");
        });
    }
}
