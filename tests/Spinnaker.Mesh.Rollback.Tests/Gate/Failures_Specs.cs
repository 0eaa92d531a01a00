using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Gate;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Rollback.Tests.Gate;

[TestFixture]
public sealed class When_a_Gate_call_fails
{
    private const string Token = "gate-token-4f1b9c-secret";

    [TestCase(400, false, "Required parameter cluster is missing")]
    [TestCase(401, false, "Gate did not accept Mesh's credentials")]
    [TestCase(403, false, "lacks EXECUTE permission")]
    [TestCase(404, false, "knows no such application or pipeline")]
    [TestCase(500, false, "InternalServerError")]
    [TestCase(429, true, "TooManyRequests")]
    [TestCase(502, true, "BadGateway")]
    [TestCase(503, true, "ServiceUnavailable")]
    [TestCase(504, true, "GatewayTimeout")]
    public async Task Should_name_the_status_and_say_whether_a_retry_may_help(int status, bool retryable, string said)
    {
        using var gate = GateStub.Start().Answers("POST", "/pipelines/*", status,
            $$"""{"error":"x","message":"Required parameter cluster is missing","status":{{status}}}""");
        await using var clients = GateClients.Build(("Mesh:Gate:BaseUrl", gate.BaseUrl), ("Mesh:Gate:Auth:Mode", "bearer"), ("Mesh:Gate:Auth:Token", Token));

        var failure = Assert.ThrowsAsync<GateCallException>(() => clients.Client.TriggerPipelineAsync(GateClients.Trigger(), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.StatusCode, Is.EqualTo(status));
            Assert.That(failure.Retryable, Is.EqualTo(retryable));
            Assert.That(failure.Message, Does.StartWith($"POST /pipelines/checkout/Rollback%20checkout: Gate answered {status} "));
            Assert.That(failure.Message, Does.Contain(said));
            Assert.That(failure.ToString(), Does.Not.Contain(Token));
        });
    }

    [Test]
    public async Task Should_mask_a_secret_that_Gate_echoes_in_its_answer()
    {
        using var gate = GateStub.Start().Answers("POST", "/pipelines/*", 401, $$"""{"message":"token {{Token}} is expired"}""");
        await using var clients = GateClients.Build(("Mesh:Gate:BaseUrl", gate.BaseUrl), ("Mesh:Gate:Auth:Mode", "bearer"), ("Mesh:Gate:Auth:Token", Token));

        var failure = Assert.ThrowsAsync<GateCallException>(() => clients.Client.TriggerPipelineAsync(GateClients.Trigger(), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Message, Does.Contain("token *** is expired"));
            Assert.That(failure.ToString(), Does.Not.Contain(Token));
            Assert.That(clients.Logs.Text, Does.Not.Contain(Token));
        });
    }

    [Test]
    public async Task Should_be_retryable_when_nothing_listens()
    {
        await using var clients = GateClients.Build(("Mesh:Gate:BaseUrl", $"http://127.0.0.1:{FreePort.Next()}"),
            ("Mesh:Gate:Auth:Mode", "basic"), ("Mesh:Gate:Auth:Username", "mesh"), ("Mesh:Gate:Auth:Password", "pw-secret-5521"));

        var failure = Assert.ThrowsAsync<GateCallException>(() => clients.Client.RecentExecutionsAsync("checkout", 5, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Retryable, Is.True);
            Assert.That(failure.StatusCode, Is.Null);
            Assert.That(failure.Message, Does.Contain("no answer from Gate"));
            Assert.That(failure.ToString(), Does.Not.Contain("pw-secret-5521"));
        });
    }

    [Test]
    public async Task Should_be_retryable_when_Gate_answers_too_late()
    {
        using var gate = GateStub.Start().Answers("POST", "/pipelines/*", 202, """{"ref":"/pipelines/late"}""", delayMs: 3000);
        await using var clients = GateClients.Build(("Mesh:Gate:BaseUrl", gate.BaseUrl), ("Mesh:Gate:TimeoutSeconds", "1"));

        var failure = Assert.ThrowsAsync<GateCallException>(() => clients.Client.TriggerPipelineAsync(GateClients.Trigger(), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Retryable, Is.True);
            Assert.That(failure.Message, Does.Contain("did not answer within 1 s (Mesh:Gate:TimeoutSeconds)"));
        });
    }

    [Test]
    public async Task Should_not_turn_the_callers_cancellation_into_a_Gate_failure()
    {
        using var gate = GateStub.Start().Answers("POST", "/pipelines/*", 202, "{}", delayMs: 3000);
        await using var clients = GateClients.Build(("Mesh:Gate:BaseUrl", gate.BaseUrl));
        using var cancel = new CancellationTokenSource();
        cancel.CancelAfter(200);

        Assert.That(() => clients.Client.TriggerPipelineAsync(GateClients.Trigger(), cancel.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Should_report_an_accepted_start_without_a_readable_ref_as_started()
    {
        using var gate = GateStub.Start().Answers("POST", "/pipelines/*", 202, "<html>accepted</html>");
        await using var clients = GateClients.Build(("Mesh:Gate:BaseUrl", gate.BaseUrl));

        var result = await clients.Client.TriggerPipelineAsync(GateClients.Trigger(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExecutionId, Is.Null, "found later among the recent executions by its decision id");
            Assert.That(clients.Logs.Text, Does.Contain("without a readable ref"));
        });
    }

    [Test]
    public async Task Should_say_that_Gate_is_not_configured_when_no_base_url_is_set()
    {
        await using var clients = GateClients.Build(("Mesh:Gate:RunAsUser", "mesh"));

        var failure = Assert.ThrowsAsync<GateCallException>(() => clients.Client.TriggerPipelineAsync(GateClients.Trigger(), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(clients.Options.IsConfigured, Is.False, "the options are valid without Gate");
            Assert.That(failure!.Retryable, Is.False);
            Assert.That(failure.Message, Does.Contain("Gate is not configured; set Mesh:Gate:BaseUrl"));
        });
    }
}
