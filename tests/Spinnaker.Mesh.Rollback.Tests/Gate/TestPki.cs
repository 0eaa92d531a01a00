using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Spinnaker.Mesh.Rollback.Tests.Gate;

/// <summary>
/// A private certificate authority made in the test (as an SRE's would be): it issues Gate's server certificate and
/// Mesh's client certificate, written as PEM files to a temporary folder removed on dispose.
/// </summary>
internal sealed class TestPki : IDisposable
{
    private readonly ECDsa _key;

    private TestPki(string name, string folder)
    {
        Folder = folder;
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, O=Spinnaker Mesh tests", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        CaBundlePath = Write($"{name}-ca.pem", Certificate.ExportCertificatePem());
    }

    public string Folder { get; }
    public X509Certificate2 Certificate { get; }
    public string CaBundlePath { get; }

    public static TestPki Create(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), "mesh-pki-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new TestPki(name, folder);
    }

    /// <summary>A TLS server certificate for <paramref name="hosts"/> (IP addresses or DNS names), usable by Kestrel.</summary>
    public X509Certificate2 IssueServer(params string[] hosts)
    {
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
            if (IPAddress.TryParse(host, out var ip)) names.AddIpAddress(ip);
            else names.AddDnsName(host);
        var certificate = Issue($"CN={hosts[0]}", names, "1.3.6.1.5.5.7.3.1", out _);
        return Reloaded(certificate);
    }

    /// <summary>A client certificate for <paramref name="email"/> (Gate's x509 identity), written as PEM certificate and key files.</summary>
    public (string CertificatePath, string KeyPath) IssueClient(string email)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddEmailAddress(email);
        using var certificate = Issue($"CN={email}", names, "1.3.6.1.5.5.7.3.2", out var key);
        var stem = email.Replace('@', '_');
        return (Write($"{stem}.crt", certificate.ExportCertificatePem()), Write($"{stem}.key", key.ExportPkcs8PrivateKeyPem()));
    }

    /// <summary>True when <paramref name="certificate"/> chains to this authority (and to no other root).</summary>
    public bool Issued(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private X509Certificate2 Issue(string subject, SubjectAlternativeNameBuilder names, string usage, out ECDsa key)
    {
        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(Certificate, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Through PKCS#12, so the server's TLS stack on every platform can use the in-memory key.</summary>
    private static X509Certificate2 Reloaded(X509Certificate2 certificate)
    {
        using (certificate) return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
