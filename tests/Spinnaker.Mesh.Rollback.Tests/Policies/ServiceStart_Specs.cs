using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Tests.Gate;

namespace Spinnaker.Mesh.Rollback.Tests.Policies;

[TestFixture]
public sealed class When_the_rollback_service_starts_with_a_wrong_configured_policy
{
    [Test]
    public async Task Should_refuse_to_start_naming_each_key()
    {
        var output = await RefusedStart.OutputAsync(new Dictionary<string, string>
        {
            ["Mesh__Rollback__Policies__checkout__mode"] = "automatic",
            ["Mesh__Rollback__Policies__checkout__triggers__0"] = "canaryFail",
            ["Mesh__Rollback__Policies__checkout__triggers__1"] = "canaryFail",
            ["Mesh__Rollback__Policies__checkout__rollbackPipeline__application"] = "checkout",
            ["Mesh__Rollback__Policies__checkout__rollbackPipeline__parameters__target"] = "${image}",
        });

        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("Mesh:Rollback:Policies:checkout:mode: must be 'auto'"));
            Assert.That(output, Does.Contain("Mesh:Rollback:Policies:checkout:triggers:1: 'canaryFail' is listed twice"));
            Assert.That(output, Does.Contain("Mesh:Rollback:Policies:checkout:rollbackPipeline:pipelineNameOrId: is required"));
            Assert.That(output, Does.Contain("Mesh:Rollback:Policies:checkout:rollbackPipeline:parameters:target: ${image} is no placeholder"));
        });
    }
}
