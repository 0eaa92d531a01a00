using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Gate;

namespace Spinnaker.Mesh.Rollback.Tests.Gate;

/// <summary>Gate's x509 port: Mesh presents a client certificate and trusts Gate's server certificate only through the configured CA bundle.</summary>
[TestFixture]
public sealed class When_Mesh_calls_Gate_over_mutual_TLS_with_a_private_CA
{
    private TestPki _pki = null!;
    private TestPki _stranger = null!;

    [OneTimeSetUp]
    public void CreateAuthorities()
    {
        _pki = TestPki.Create("mesh-private-ca");
        _stranger = TestPki.Create("another-ca");
    }

    [OneTimeTearDown]
    public void RemoveAuthorities()
    {
        _pki.Dispose();
        _stranger.Dispose();
    }

    private static GateClients X509Client(string baseUrl, (string Certificate, string Key) client, string caBundle) =>
        GateClients.Build(
            ("Mesh:Gate:BaseUrl", baseUrl), ("Mesh:Gate:Auth:Mode", "x509"),
            ("Mesh:Gate:Auth:ClientCertificatePath", client.Certificate), ("Mesh:Gate:Auth:ClientKeyPath", client.Key),
            ("Mesh:Gate:Auth:CaBundlePath", caBundle));

    [Test]
    public async Task Should_start_the_pipeline_when_both_certificates_come_from_the_configured_CA()
    {
        await using var gate = await TlsGate.StartAsync(_pki.IssueServer("127.0.0.1", "localhost"), clientCa: _pki);
        await using var clients = X509Client(gate.BaseUrl, _pki.IssueClient("spinnaker-mesh@example.com"), _pki.CaBundlePath);

        var result = await clients.Client.TriggerPipelineAsync(GateClients.Trigger(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExecutionId, Is.EqualTo("01JMTLS000000000000000001"));
            Assert.That(gate.Callers, Is.EqualTo(new[] { "CN=spinnaker-mesh@example.com" }));
        });
    }

    [Test]
    public async Task Should_fail_clearly_when_Gate_refuses_a_client_certificate_of_another_CA()
    {
        await using var gate = await TlsGate.StartAsync(_pki.IssueServer("127.0.0.1"), clientCa: _pki);
        await using var clients = X509Client(gate.BaseUrl, _stranger.IssueClient("intruder@example.com"), _pki.CaBundlePath);

        var failure = Assert.ThrowsAsync<GateCallException>(() => clients.Client.TriggerPipelineAsync(GateClients.Trigger(), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.StatusCode, Is.Null);
            Assert.That(failure.Message, Does.StartWith("POST /pipelines/checkout/"));
            Assert.That(failure.Message, Does.Contain("Mesh:Gate:Auth:ClientCertificatePath"), "the message points at the client certificate");
            Assert.That(gate.Callers, Is.Empty, "the request never reached the endpoint");
        });
    }

    [Test]
    public async Task Should_refuse_a_server_certificate_the_configured_CA_did_not_sign()
    {
        await using var gate = await TlsGate.StartAsync(_stranger.IssueServer("127.0.0.1"), clientCa: _pki);
        await using var clients = X509Client(gate.BaseUrl, _pki.IssueClient("spinnaker-mesh@example.com"), _pki.CaBundlePath);

        var failure = Assert.ThrowsAsync<GateCallException>(() => clients.Client.TriggerPipelineAsync(GateClients.Trigger(), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Retryable, Is.False, "a certificate that is not trusted stays untrusted");
            Assert.That(failure.Message, Does.Contain("TLS handshake with Gate failed"));
            Assert.That(failure.Message, Does.Contain("Mesh:Gate:Auth:CaBundlePath"));
            Assert.That(gate.Callers, Is.Empty);
        });
    }

    [Test]
    public async Task Should_refuse_a_server_certificate_of_the_right_CA_issued_for_another_host()
    {
        await using var gate = await TlsGate.StartAsync(_pki.IssueServer("gate.elsewhere.example"), clientCa: _pki);
        await using var clients = X509Client(gate.BaseUrl, _pki.IssueClient("spinnaker-mesh@example.com"), _pki.CaBundlePath);

        var failure = Assert.ThrowsAsync<GateCallException>(() => clients.Client.TriggerPipelineAsync(GateClients.Trigger(), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Message, Does.Contain("TLS handshake with Gate failed"));
            Assert.That(gate.Callers, Is.Empty);
        });
    }

    [Test]
    public async Task Should_fail_clearly_when_the_key_file_disappears_after_start()
    {
        await using var gate = await TlsGate.StartAsync(_pki.IssueServer("127.0.0.1"), clientCa: _pki);
        var client = _pki.IssueClient("rotated@example.com");
        await using var clients = X509Client(gate.BaseUrl, client, _pki.CaBundlePath);
        _ = clients.Options;
        File.Delete(client.KeyPath);

        var failure = Assert.ThrowsAsync<GateCallException>(() => clients.Client.TriggerPipelineAsync(GateClients.Trigger(), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Retryable, Is.False);
            Assert.That(failure.Message, Does.Contain($"the client certificate {client.CertificatePath} with key {client.KeyPath} cannot be loaded"));
            Assert.That(gate.Callers, Is.Empty);
        });
    }
}
