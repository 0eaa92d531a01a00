using System.Text.Json;
using NUnit.Framework;

namespace Spinnaker.Mesh.Rollback.Tests.Gate;

[TestFixture]
public sealed class When_Mesh_starts_a_rollback_pipeline_through_Gate_with_a_bearer_token
{
    private const string Token = "eyJhbGciOi.gate-bearer-secret-7f3a";

    [Test]
    public async Task Should_post_the_manual_trigger_with_the_token_and_read_the_execution_id_from_the_ref()
    {
        using var gate = GateStub.Start().AcceptsTriggers("01JROLLBACK00000000000042");
        await using var clients = GateClients.Build(
            ("Mesh:Gate:BaseUrl", gate.BaseUrl), ("Mesh:Gate:Auth:Mode", "bearer"), ("Mesh:Gate:Auth:Token", Token));

        var result = await clients.Client.TriggerPipelineAsync(GateClients.Trigger("dec-7"), CancellationToken.None);

        var request = gate.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.ExecutionId, Is.EqualTo("01JROLLBACK00000000000042"));
            Assert.That(request.Method, Is.EqualTo("POST"));
            Assert.That(request.AbsolutePath, Is.EqualTo("/pipelines/checkout/Rollback checkout"), "the name escaped, as WireMock decodes it");
            Assert.That(GateStub.Header(request, "Authorization"), Is.EqualTo("Bearer " + Token));
            Assert.That(GateStub.Header(request, "X-SPINNAKER-USER"), Is.Empty, "no run-as user configured");
            Assert.That(JsonSerializer.Serialize(GateStub.Body(request)), Is.EqualTo(JsonSerializer.Serialize(JsonDocument.Parse("""
                {
                  "type": "manual",
                  "user": "spinnaker-mesh",
                  "meshDecisionId": "dec-7",
                  "meshReason": "canary 42 failed on checkout-prod",
                  "parameters": { "cluster": "checkout-prod", "targetVersion": "v041", "meshDecisionId": "dec-7" }
                }
                """).RootElement)));
            Assert.That(clients.Logs.Text, Does.Not.Contain(Token));
            Assert.That(clients.Logs.Text, Does.Contain("/pipelines/checkout/"), "the factory's request logs were captured");
            Assert.That(clients.Logs.Text, Does.Contain("Authorization: *"), "the header was logged, its value redacted");
        });
    }
}
