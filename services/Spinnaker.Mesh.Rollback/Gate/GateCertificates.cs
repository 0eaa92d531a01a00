using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Spinnaker.Mesh.Rollback.Gate;

/// <summary>
/// The PEM files of <c>Mesh:Gate:Auth</c>: the client certificate with its key, and the CA bundle Gate's server
/// certificate must chain to. Errors name the file and what is wrong with it, never its content.
/// </summary>
internal static class GateCertificates
{
    /// <summary>The client certificate (with its private key) and the intermediates that follow it in the file.</summary>
    public static (X509Certificate2 Leaf, X509Certificate2Collection Intermediates) LoadClientCertificate(string certificatePath, string keyPath)
    {
        X509Certificate2 pem;
        try
        {
            pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            // CryptographicException's message names the problem (no PEM, key does not match), not the key material.
            throw new GateConfigurationException(
                $"the client certificate {certificatePath} with key {keyPath} cannot be loaded: {e.Message}", e);
        }
        if (!pem.HasPrivateKey)
            throw new GateConfigurationException($"{keyPath} holds no private key for the client certificate {certificatePath}");

        // A certificate whose key lives only in memory cannot always be presented by the platform's TLS (Windows
        // needs a persisted key); a PKCS#12 round trip gives every platform a certificate it can use.
        using (pem)
        {
            var leaf = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            var all = new X509Certificate2Collection();
            all.ImportFromPemFile(certificatePath);
            var intermediates = new X509Certificate2Collection();
            foreach (var certificate in all)
            {
                if (certificate.Thumbprint != leaf.Thumbprint) intermediates.Add(certificate);
                else certificate.Dispose();
            }
            return (leaf, intermediates);
        }
    }

    /// <summary>Every certificate of a PEM bundle; at least one.</summary>
    public static X509Certificate2Collection LoadCaBundle(string path)
    {
        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new GateConfigurationException($"the CA bundle {path} cannot be read: {e.Message}", e);
        }
        if (bundle.Count == 0) throw new GateConfigurationException($"the CA bundle {path} holds no PEM certificate");
        return bundle;
    }
}

/// <summary>A <c>Mesh:Gate</c> file that cannot be used (checked at start, and again whenever connections are renewed).</summary>
internal sealed class GateConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
