using Microsoft.Extensions.Options;
using NUnit.Framework;

namespace Spinnaker.Mesh.Rollback.Tests.Gate;

/// <summary>Mesh:Gate as checked when the service starts: each failure names its key, never a secret.</summary>
[TestFixture]
public sealed class When_the_Gate_settings_are_checked
{
    private TestPki _pki = null!;

    [OneTimeSetUp]
    public void CreateAuthority() => _pki = TestPki.Create("settings-ca");

    [OneTimeTearDown]
    public void RemoveAuthority() => _pki.Dispose();

    private static string[] Failures(params (string Key, string? Value)[] settings)
    {
        var clients = GateClients.Build(settings);
        try
        {
            _ = clients.Options;
            return [];
        }
        catch (OptionsValidationException e)
        {
            return [.. e.Failures];
        }
        finally
        {
            clients.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Test]
    public void Should_accept_no_Gate_at_all() => Assert.That(Failures(), Is.Empty);

    [Test]
    public void Should_require_the_token_of_bearer_mode() =>
        Assert.That(Failures(("Mesh:Gate:BaseUrl", "https://gate:8084"), ("Mesh:Gate:Auth:Mode", "bearer")),
            Is.EqualTo(new[] { "Mesh:Gate:Auth:Token: is required when Mesh:Gate:Auth:Mode is bearer" }));

    [Test]
    public void Should_require_username_and_password_of_basic_mode() =>
        Assert.That(Failures(("Mesh:Gate:BaseUrl", "http://gate:8084"), ("Mesh:Gate:Auth:Mode", "Basic")),
            Is.EquivalentTo(new[]
            {
                "Mesh:Gate:Auth:Username: is required when Mesh:Gate:Auth:Mode is basic",
                "Mesh:Gate:Auth:Password: is required when Mesh:Gate:Auth:Mode is basic",
            }));

    [Test]
    public void Should_refuse_an_unknown_mode() =>
        Assert.That(Failures(("Mesh:Gate:BaseUrl", "http://gate:8084"), ("Mesh:Gate:Auth:Mode", "oauth")),
            Is.EqualTo(new[] { "Mesh:Gate:Auth:Mode: must be one of none, bearer, basic, x509" }));

    [TestCase("gate:8084")]
    [TestCase("/gate")]
    [TestCase("ftp://gate")]
    [TestCase("https://mesh:hunter2@gate:8085")]
    [TestCase("https://gate:8085/?token=abc")]
    public void Should_refuse_a_base_url_that_is_no_plain_absolute_http_url(string url)
    {
        var failures = Failures(("Mesh:Gate:BaseUrl", url));
        Assert.That(failures, Has.Length.EqualTo(1).And.Some.StartsWith("Mesh:Gate:BaseUrl: must be an absolute http or https URL"));
    }

    [Test]
    public void Should_require_https_and_readable_certificate_files_for_x509()
    {
        var failures = Failures(("Mesh:Gate:BaseUrl", "http://gate:8085"), ("Mesh:Gate:Auth:Mode", "x509"),
            ("Mesh:Gate:Auth:ClientCertificatePath", "/nonexistent/mesh.crt"));
        Assert.That(failures, Is.EquivalentTo(new[]
        {
            "Mesh:Gate:BaseUrl: must be https when Mesh:Gate:Auth:Mode is x509 (Gate's x509 port is 8085)",
            "Mesh:Gate:Auth:ClientCertificatePath: names no readable file: /nonexistent/mesh.crt",
            "Mesh:Gate:Auth:ClientKeyPath: is required when Mesh:Gate:Auth:Mode is x509",
        }));
    }

    [Test]
    public void Should_refuse_a_key_that_does_not_belong_to_the_certificate_without_printing_it()
    {
        var (certificate, _) = _pki.IssueClient("mesh@example.com");
        var (_, otherKey) = _pki.IssueClient("other@example.com");
        var failures = Failures(("Mesh:Gate:BaseUrl", "https://gate:8085"), ("Mesh:Gate:Auth:Mode", "x509"),
            ("Mesh:Gate:Auth:ClientCertificatePath", certificate), ("Mesh:Gate:Auth:ClientKeyPath", otherKey));
        var key = File.ReadAllText(otherKey);
        var keyBody = key.Split('\n')[1];
        Assert.Multiple(() =>
        {
            Assert.That(failures, Has.Length.EqualTo(1));
            Assert.That(failures[0], Does.StartWith($"Mesh:Gate:Auth:ClientCertificatePath: the client certificate {certificate} with key {otherKey} cannot be loaded"));
            Assert.That(failures[0], Does.Not.Contain(keyBody));
        });
    }

    [Test]
    public void Should_accept_a_certificate_its_key_and_a_CA_bundle()
    {
        var (certificate, key) = _pki.IssueClient("mesh@example.com");
        Assert.That(Failures(("Mesh:Gate:BaseUrl", "https://gate:8085"), ("Mesh:Gate:Auth:Mode", "x509"),
            ("Mesh:Gate:Auth:ClientCertificatePath", certificate), ("Mesh:Gate:Auth:ClientKeyPath", key),
            ("Mesh:Gate:Auth:CaBundlePath", _pki.CaBundlePath)), Is.Empty);
    }

    [Test]
    public void Should_refuse_a_CA_bundle_without_a_certificate_and_one_over_plain_http()
    {
        var empty = _pki.Write("empty-bundle.pem", "# no certificates here\n");
        Assert.That(Failures(("Mesh:Gate:BaseUrl", "http://gate:8084"), ("Mesh:Gate:Auth:CaBundlePath", empty)), Is.EquivalentTo(new[]
        {
            $"Mesh:Gate:Auth:CaBundlePath: the CA bundle {empty} holds no PEM certificate",
            "Mesh:Gate:BaseUrl: must be https when Mesh:Gate:Auth:CaBundlePath is set (the bundle verifies Gate's TLS certificate)",
        }));
    }

    [Test]
    public void Should_not_print_a_password_it_refuses()
    {
        var failures = Failures(("Mesh:Gate:BaseUrl", "http://gate:8084"), ("Mesh:Gate:Auth:Mode", "basic"),
            ("Mesh:Gate:Auth:Username", "mesh"), ("Mesh:Gate:Auth:Password", "s3cret-pass\n"));
        Assert.Multiple(() =>
        {
            Assert.That(failures, Has.Length.EqualTo(1).And.Some.StartsWith("Mesh:Gate:Auth:Password: must not contain control characters"));
            Assert.That(string.Join("\n", failures), Does.Not.Contain("s3cret-pass"));
        });
    }

    [Test]
    public void Should_bound_the_timeouts() =>
        Assert.That(Failures(("Mesh:Gate:TimeoutSeconds", "0"), ("Mesh:Gate:HandlerLifetimeMinutes", "0")), Has.Length.EqualTo(2)
            .And.Some.StartsWith("Mesh:Gate:TimeoutSeconds:").And.Some.StartsWith("Mesh:Gate:HandlerLifetimeMinutes:"));
}
