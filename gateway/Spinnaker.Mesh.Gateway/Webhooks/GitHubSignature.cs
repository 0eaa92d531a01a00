using System.Security.Cryptography;

namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>
/// GitHub's <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the raw body&gt;</c>
/// (docs.github.com "Validating webhook deliveries"), compared in constant time.
/// </summary>
internal static class GitHubSignature
{
    public const string Header = "X-Hub-Signature-256";

    private const string Prefix = "sha256=";

    /// <summary>Whether <paramref name="header"/> is the signature of <paramref name="body"/> under any of <paramref name="secrets"/>.</summary>
    public static bool IsValid(string? header, ReadOnlySpan<byte> body, IReadOnlyList<byte[]> secrets)
    {
        if (header is null || !header.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var hex = header.AsSpan(Prefix.Length);
        Span<byte> presented = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (hex.Length != presented.Length * 2 || Convert.FromHexString(hex, presented, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != presented.Length)
            return false;

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var valid = false;
        foreach (var secret in secrets)
        {
            HMACSHA256.HashData(secret, body, expected);
            valid |= CryptographicOperations.FixedTimeEquals(presented, expected);
        }
        return valid;
    }
}
