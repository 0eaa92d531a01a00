using System.Text.Json.Serialization;

namespace Spinnaker.Mesh.Rollback.Gate;

/// <summary>
/// <c>Mesh:Gate</c>: where Spinnaker Gate is and how Mesh authenticates to it (docs/rollback-gate.md lists every key).
/// Gate is optional: without <see cref="BaseUrl"/> the service runs, records decisions, and every Gate call fails with a
/// <see cref="GateCallException"/> saying Gate is not configured. Checked at start by <see cref="GateOptionsValidator"/>.
/// </summary>
internal sealed class GateOptions
{
    public const string Section = "Mesh:Gate";
    /// <summary>The <c>user</c> of a Mesh trigger when no <see cref="RunAsUser"/> is configured.</summary>
    public const string DefaultUser = "spinnaker-mesh";

    /// <summary>Gate's API root, e.g. <c>https://gate.spinnaker:8085</c> (x509) or <c>http://spin-gate.spinnaker:8084</c>.</summary>
    public string? BaseUrl { get; set; }

    public GateAuthOptions Auth { get; set; } = new();

    /// <summary>
    /// The Spinnaker identity Mesh acts as: the trigger's <c>user</c> and <c>runAsUser</c>, and the
    /// <c>X-SPINNAKER-USER</c> header (Gate takes it when the request carries no credential of its own; with
    /// credentials Gate's principal is the credential's identity, which should then be this same service account).
    /// </summary>
    public string? RunAsUser { get; set; }

    /// <summary>Whole-call limit (connect, TLS, request, answer).</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>TCP connect plus TLS handshake limit.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// How long one connection pool (and the certificates and CA bundle read for it) is used before new connections
    /// read the files again: a rotated Kubernetes Secret is picked up within this time, without a restart.
    /// </summary>
    public int HandlerLifetimeMinutes { get; set; } = 5;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BaseUrl);

    /// <summary>The identity Mesh names in its triggers.</summary>
    public string User => string.IsNullOrWhiteSpace(RunAsUser) ? DefaultUser : RunAsUser.Trim();

    public string Mode => (Auth.Mode ?? GateAuthModes.None).Trim().ToLowerInvariant();
}

/// <summary><c>Mesh:Gate:Auth</c>. Secrets are never logged nor put into an exception message.</summary>
internal sealed class GateAuthOptions
{
    /// <summary><c>none</c>, <c>bearer</c>, <c>basic</c> or <c>x509</c>.</summary>
    public string? Mode { get; set; } = GateAuthModes.None;

    /// <summary>Bearer token (Gate's OAuth2 external token filter), sent as <c>Authorization: Bearer …</c>.</summary>
    [JsonIgnore]
    public string? Token { get; set; }

    public string? Username { get; set; }

    [JsonIgnore]
    public string? Password { get; set; }

    /// <summary>PEM client certificate (leaf first; intermediates after it are sent along).</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>PEM private key of the client certificate (PKCS#8, PKCS#1 or SEC1, unencrypted).</summary>
    public string? ClientKeyPath { get; set; }

    /// <summary>
    /// PEM bundle of the (private) CA certificates that signed Gate's server certificate. When set, Gate's certificate
    /// must chain to one of them (custom root trust; the system store is not consulted) and match the host name.
    /// </summary>
    public string? CaBundlePath { get; set; }
}

internal static class GateAuthModes
{
    public const string None = "none";
    public const string Bearer = "bearer";
    public const string Basic = "basic";
    public const string X509 = "x509";

    public static readonly IReadOnlyList<string> All = [None, Bearer, Basic, X509];
}
