using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Policies;

namespace Spinnaker.Mesh.Rollback.Tests.Policies;

[TestFixture]
public sealed class When_a_rollback_policy_is_checked
{
    private static RollbackPolicyDocument Valid() => new()
    {
        Enabled = true,
        Mode = "confirm",
        Triggers = ["canaryFail", "deploymentDegraded", "pipelineFailedAfterDeploy", "durationRegression"],
        RollbackPipeline = new RollbackPipelineDocument
        {
            Application = "checkout",
            PipelineNameOrId = "Rollback checkout",
            Parameters = new Dictionary<string, string?> { ["cluster"] = "${cluster}", ["restore"] = "${toVersion}" },
        },
        CooldownMinutes = 30,
    };

    private static IEnumerable<string> Fields(RollbackPolicyDocument policy) =>
        new RollbackPolicyValidator().Validate(policy).Errors.Select(e => e.PropertyName);

    [Test]
    public void Should_accept_a_complete_policy() => Assert.That(Fields(Valid()), Is.Empty);

    [Test]
    public void Should_accept_the_bounds_of_the_cooldown_and_no_parameters()
    {
        var zero = Valid();
        zero.CooldownMinutes = 0;
        zero.RollbackPipeline!.Parameters = null;
        var week = Valid();
        week.CooldownMinutes = 10080;
        Assert.That(Fields(zero).Concat(Fields(week)), Is.Empty);
    }

    [Test]
    public void Should_name_each_wrong_field_as_the_body_spells_it()
    {
        var policy = Valid();
        policy.Mode = "Auto";
        policy.Triggers = ["canaryFail", "canaryFailed", "canaryFail"];
        policy.RollbackPipeline = new RollbackPipelineDocument
        {
            Application = " ",
            PipelineNameOrId = null,
            Parameters = new Dictionary<string, string?>
            {
                ["target"] = "${cluster}-${image}", ["ok"] = "${fromVersion}", ["missing"] = null, ["meshDecisionId"] = "x",
            },
        };
        policy.CooldownMinutes = 10081;

        Assert.That(Fields(policy), Is.EquivalentTo(new[]
        {
            "mode", "triggers[1]", "triggers[2]", "rollbackPipeline.application", "rollbackPipeline.pipelineNameOrId",
            "rollbackPipeline.parameters.target", "rollbackPipeline.parameters.missing", "rollbackPipeline.parameters.meshDecisionId",
            "cooldownMinutes",
        }));
    }

    [Test]
    public void Should_require_mode_triggers_and_the_pipeline()
    {
        var errors = new RollbackPolicyValidator().Validate(new RollbackPolicyDocument { CooldownMinutes = -1 }).Errors;
        Assert.That(errors.Select(e => e.PropertyName), Is.EquivalentTo(new[] { "mode", "triggers", "rollbackPipeline", "cooldownMinutes" }));
    }

    [Test]
    public void Should_say_which_placeholders_exist()
    {
        var policy = Valid();
        policy.RollbackPipeline!.Parameters = new Dictionary<string, string?> { ["target"] = "${image}" };
        Assert.That(new RollbackPolicyValidator().Validate(policy).Errors.Single().ErrorMessage, Is.EqualTo(
            "${image} is no placeholder; use ${cluster}, ${account}, ${region}, ${namespace}, ${fromVersion}, ${toVersion}, ${executionId}"));
    }

    [Test]
    public void Should_default_enabled_and_cooldown_when_left_out()
    {
        var policy = new RollbackPolicyDocument
        {
            Mode = "auto", Triggers = ["canaryFail"],
            RollbackPipeline = new RollbackPipelineDocument { Application = "checkout", PipelineNameOrId = "rb" },
        }.ToPolicy("Checkout");
        Assert.Multiple(() =>
        {
            Assert.That(policy.Application, Is.EqualTo("checkout"));
            Assert.That(policy.Enabled, Is.True);
            Assert.That(policy.CooldownMinutes, Is.EqualTo(30));
            Assert.That(policy.RollbackPipeline.Parameters, Is.Empty);
        });
    }
}
