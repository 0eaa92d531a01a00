using Microsoft.Extensions.Configuration;
using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Decisions.Proposing;
using Spinnaker.Mesh.Rollback.Policies;

namespace Spinnaker.Mesh.Rollback.Tests.Decisions.Domain;

/// <summary>Rollback policies read from configuration, as the environment variables of the service spell them.</summary>
[TestFixture]
public sealed class Reading_rollback_policies_from_configuration
{
    private static ConfiguredPoliciesFallback Policies(Dictionary<string, string?> settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    [Test]
    public async Task Should_read_every_member()
    {
        var policies = Policies(new()
        {
            ["Mesh:Rollback:Policies:checkout:Enabled"] = "true",
            ["Mesh:Rollback:Policies:checkout:Mode"] = "auto",
            ["Mesh:Rollback:Policies:checkout:Triggers:0"] = "canaryFail",
            ["Mesh:Rollback:Policies:checkout:Triggers:1"] = "pipelineFailedAfterDeploy",
            ["Mesh:Rollback:Policies:checkout:RollbackPipeline:Application"] = "checkout-ops",
            ["Mesh:Rollback:Policies:checkout:RollbackPipeline:PipelineNameOrId"] = "Rollback checkout",
            ["Mesh:Rollback:Policies:checkout:RollbackPipeline:Parameters:image"] = "${toVersion}",
            ["Mesh:Rollback:Policies:checkout:CooldownMinutes"] = "45",
        });
        var policy = await policies.FindAsync("any-tenant", "checkout", CancellationToken.None);
        Assert.That(policy, Is.Not.Null);
        Assert.That((policy!.Application, policy.Enabled, policy.Mode, policy.CooldownMinutes), Is.EqualTo(("checkout", true, "auto", 45)));
        Assert.That(policy.Triggers, Is.EqualTo(new[] { RollbackTriggers.CanaryFail, RollbackTriggers.PipelineFailedAfterDeploy }));
        Assert.That((policy.RollbackPipeline.Application, policy.RollbackPipeline.PipelineNameOrId), Is.EqualTo(("checkout-ops", "Rollback checkout")));
        Assert.That(policy.RollbackPipeline.Parameters, Is.EqualTo(new Dictionary<string, string> { ["image"] = "${toVersion}" }));
    }

    [Test]
    public async Task Should_default_to_an_enabled_confirm_policy_of_the_application_with_thirty_minutes()
    {
        var policy = await Policies(new()
        {
            ["Mesh:Rollback:Policies:payments:Triggers:0"] = "canaryFail",
            ["Mesh:Rollback:Policies:payments:RollbackPipeline:PipelineNameOrId"] = "Rollback",
        }).FindAsync("t", "payments", CancellationToken.None);
        Assert.That((policy!.Enabled, policy.Mode, policy.CooldownMinutes, policy.RollbackPipeline.Application), Is.EqualTo((true, "confirm", 30, "payments")));
    }

    [Test]
    public async Task Should_find_no_policy_for_another_application()
    {
        var policies = Policies(new() { ["Mesh:Rollback:Policies:payments:Triggers:0"] = "canaryFail" });
        Assert.That(await policies.FindAsync("t", "checkout", CancellationToken.None), Is.Null);
        Assert.That((await policies.ListAsync("t", CancellationToken.None)).Select(p => p.Application), Is.EqualTo(new[] { "payments" }));
    }
}
