using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Tests.Support;

namespace Spinnaker.Mesh.Rollback.Tests.Gate;

[TestFixture]
public sealed class When_the_rollback_service_starts_with_wrong_Gate_settings
{
    [Test]
    public async Task Should_refuse_to_start_naming_the_key_without_printing_the_password()
    {
        var output = await RefusedStart.OutputAsync(new Dictionary<string, string>
        {
            ["Mesh__Gate__BaseUrl"] = "https://gate.spinnaker:8085",
            ["Mesh__Gate__Auth__Mode"] = "basic",
            ["Mesh__Gate__Auth__Password"] = "process-password-61d2",
        });

        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("Mesh:Gate:Auth:Username: is required when Mesh:Gate:Auth:Mode is basic"));
            Assert.That(output, Does.Not.Contain("process-password-61d2"));
        });
    }
}

[TestFixture]
public sealed class When_the_rollback_service_starts_without_Gate
{
    [Test]
    public async Task Should_serve_and_warn_that_no_rollback_pipeline_can_be_started()
    {
        await using var service = await RollbackService.StartAsync();

        var policies = await service.GetJsonAsync("api/rollback-policies", "no-gate");

        Assert.Multiple(() =>
        {
            Assert.That(policies.GetProperty("policies").GetArrayLength(), Is.Zero);
            Assert.That(service.Logs, Does.Contain("Mesh:Gate:BaseUrl is not set: rollback decisions are recorded, but no rollback pipeline can be started"));
        });
    }
}
