using NUnit.Framework;

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
