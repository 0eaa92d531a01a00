using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Spinnaker.Mesh.Gateway.Webhooks;

namespace Spinnaker.Mesh.Gateway.Auth;

/// <summary>
/// The configured tokens, each mapped to its tenant. Tokens are kept only as SHA-256 digests and every lookup
/// compares against all of them in constant time, so neither the timing nor the length of a guess reveals anything.
/// </summary>
internal sealed class TenantTokens
{
    private readonly (byte[] Digest, string Tenant)[] _entries;

    public TenantTokens(IOptions<WebhookOptions> options) =>
        _entries = options.Value.Tokens
            .Where(t => !string.IsNullOrWhiteSpace(t.Token) && !string.IsNullOrWhiteSpace(t.Tenant))
            .Select(t => (Digest(t.Token), t.Tenant))
            .ToArray();

    public bool IsEmpty => _entries.Length == 0;

    public bool TryGetTenant(string presentedToken, out string tenant)
    {
        var presented = Digest(presentedToken);
        string? found = null;
        // No early exit: the loop costs the same whichever entry matches, or none.
        foreach (var (digest, candidate) in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, digest)) found ??= candidate;
        }
        tenant = found ?? "";
        return found is not null;
    }

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
