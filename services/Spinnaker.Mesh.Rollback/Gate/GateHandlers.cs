using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Spinnaker.Mesh.Rollback.Gate;

/// <summary>
/// The connection handler of the Gate client, per auth mode: the client certificate for <c>x509</c>, and for any mode
/// over https with a CA bundle, a chain policy that trusts exactly that bundle. Built anew each
/// <c>Mesh:Gate:HandlerLifetimeMinutes</c> by the HTTP client factory, so rotated files are read again.
/// </summary>
internal static class GateHandlers
{
    /// <summary>
    /// The handler, or one that fails every call with the file problem: the factory keeps a handler it could not build
    /// as a failure for good, while a failing handler is replaced after its lifetime like any other, so a Secret
    /// rotation gone wrong heals once the files are right again.
    /// </summary>
    public static HttpMessageHandler Create(GateOptions options)
    {
        try
        {
            return Build(options);
        }
        catch (GateConfigurationException e)
        {
            return new Unusable(e);
        }
    }

    private static SocketsHttpHandler Build(GateOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(options.ConnectTimeoutSeconds),
            // Credentials go only where they were configured to go: never follow a redirect with them.
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        };
        if (!options.IsConfigured) return handler;

        var ssl = new SslClientAuthenticationOptions();
        if (options.Mode == GateAuthModes.X509)
        {
            var (leaf, intermediates) = GateCertificates.LoadClientCertificate(options.Auth.ClientCertificatePath!, options.Auth.ClientKeyPath!);
            // The context sends the intermediates along, so Gate needs only its root CA to verify Mesh.
            ssl.ClientCertificateContext = SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
        }
        if (!string.IsNullOrWhiteSpace(options.Auth.CaBundlePath))
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                // Private CAs seldom publish revocation lists; the bundle itself is the trust decision.
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(GateCertificates.LoadCaBundle(options.Auth.CaBundlePath));
            // SslStream builds the chain with this policy and checks the host name itself; no callback that could accept more.
            ssl.CertificateChainPolicy = policy;
        }
        handler.SslOptions = ssl;
        return handler;
    }

    private sealed class Unusable(GateConfigurationException problem) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new GateConfigurationException(problem.Message, problem);
    }
}
