using NUnit.Framework;

namespace Spinnaker.Mesh.Rollback.Tests.Gate;

[TestFixture]
public sealed class When_Mesh_authenticates_to_Gate_and_names_its_run_as_user
{
    [Test]
    public async Task Should_send_basic_credentials_when_the_mode_is_basic()
    {
        using var gate = GateStub.Start().AcceptsTriggers();
        await using var clients = GateClients.Build(("Mesh:Gate:BaseUrl", gate.BaseUrl), ("Mesh:Gate:Auth:Mode", "basic"),
            ("Mesh:Gate:Auth:Username", "mesh-robot"), ("Mesh:Gate:Auth:Password", "p@ss:w0rd-basic-secret"));

        await clients.Client.TriggerPipelineAsync(GateClients.Trigger(), CancellationToken.None);

        // base64("mesh-robot:p@ss:w0rd-basic-secret")
        Assert.That(GateStub.Header(gate.Single(), "Authorization"), Is.EqualTo("Basic bWVzaC1yb2JvdDpwQHNzOncwcmQtYmFzaWMtc2VjcmV0"));
    }

    [Test]
    public async Task Should_send_no_credentials_when_the_mode_is_none()
    {
        using var gate = GateStub.Start().AcceptsTriggers();
        await using var clients = GateClients.Build(("Mesh:Gate:BaseUrl", gate.BaseUrl));

        await clients.Client.TriggerPipelineAsync(GateClients.Trigger(), CancellationToken.None);

        Assert.That(GateStub.Header(gate.Single(), "Authorization"), Is.Empty);
    }

    [Test]
    public async Task Should_act_as_the_configured_service_account_in_the_trigger_and_the_spinnaker_user_header()
    {
        using var gate = GateStub.Start().AcceptsTriggers();
        await using var clients = GateClients.Build(("Mesh:Gate:BaseUrl", gate.BaseUrl + "/"), ("Mesh:Gate:RunAsUser", "mesh-rollbacks@managed-service-account"));

        await clients.Client.TriggerPipelineAsync(GateClients.Trigger("dec-9"), CancellationToken.None);

        var request = gate.Single();
        var body = GateStub.Body(request);
        Assert.Multiple(() =>
        {
            Assert.That(GateStub.Header(request, "X-SPINNAKER-USER"), Is.EqualTo("mesh-rollbacks@managed-service-account"));
            Assert.That(body.GetProperty("user").GetString(), Is.EqualTo("mesh-rollbacks@managed-service-account"));
            Assert.That(body.GetProperty("runAsUser").GetString(), Is.EqualTo("mesh-rollbacks@managed-service-account"));
            Assert.That(body.GetProperty("type").GetString(), Is.EqualTo("manual"));
            Assert.That(body.GetProperty("parameters").GetProperty("meshDecisionId").GetString(), Is.EqualTo("dec-9"));
        });
    }

    [Test]
    public async Task Should_keep_a_path_of_the_base_url_in_front_of_every_call()
    {
        using var gate = GateStub.Start().AcceptsTriggers();
        gate.Answers("POST", "/spinnaker/gate/pipelines/*", 202, """{"ref":"/pipelines/01JBEHINDPROXY"}""");
        await using var clients = GateClients.Build(("Mesh:Gate:BaseUrl", gate.BaseUrl + "/spinnaker/gate"));

        var result = await clients.Client.TriggerPipelineAsync(GateClients.Trigger(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(gate.Single().AbsolutePath, Does.StartWith("/spinnaker/gate/pipelines/checkout/"));
            Assert.That(result.ExecutionId, Is.EqualTo("01JBEHINDPROXY"));
        });
    }
}
