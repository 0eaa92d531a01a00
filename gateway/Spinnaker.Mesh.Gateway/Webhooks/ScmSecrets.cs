using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>
/// The GitHub webhook secrets and GitLab secret tokens that apply to a tenant: the tenant's own
/// (<c>Mesh:Webhooks:Tokens:N:GitHubSecret</c> / <c>GitLabToken</c>, on any of its token entries, so a secret can be
/// rotated by listing the old and the new one), else the gateway-wide one (<c>Mesh:Webhooks:GitHub:Secret</c> /
/// <c>Mesh:Webhooks:GitLab:Token</c>), else none: then the check is not required.
/// </summary>
internal sealed class ScmSecrets
{
    private readonly IReadOnlyList<byte[]> _gitHubDefault;
    private readonly IReadOnlyList<byte[]> _gitLabDefault;
    private readonly Dictionary<string, List<byte[]>> _gitHub = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<byte[]>> _gitLab = new(StringComparer.Ordinal);

    public ScmSecrets(IOptions<WebhookOptions> options)
    {
        var webhooks = options.Value;
        _gitHubDefault = Bytes(webhooks.GitHub.Secret);
        _gitLabDefault = Bytes(webhooks.GitLab.Token);
        foreach (var token in webhooks.Tokens)
        {
            Add(_gitHub, token.Tenant, token.GitHubSecret);
            Add(_gitLab, token.Tenant, token.GitLabToken);
        }
    }

    /// <summary>Secrets a GitHub signature may be made with; empty when none is configured.</summary>
    public IReadOnlyList<byte[]> GitHubSecretsFor(string tenant) => _gitHub.TryGetValue(tenant, out var own) ? own : _gitHubDefault;

    /// <summary>Whether a GitLab secret token is configured for the tenant, so one must be presented.</summary>
    public bool GitLabTokenRequired(string tenant) => GitLabTokensFor(tenant).Count > 0;

    /// <summary>Whether <paramref name="presented"/> is one of the tenant's GitLab secret tokens (constant time).</summary>
    public bool IsGitLabToken(string tenant, string? presented)
    {
        if (presented is null) return false;
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var match = false;
        // Digests of equal length and no early exit: neither the timing nor the length of a guess tells anything.
        foreach (var token in GitLabTokensFor(tenant)) match |= CryptographicOperations.FixedTimeEquals(digest, SHA256.HashData(token));
        return match;
    }

    private IReadOnlyList<byte[]> GitLabTokensFor(string tenant) => _gitLab.TryGetValue(tenant, out var own) ? own : _gitLabDefault;

    private static void Add(Dictionary<string, List<byte[]>> byTenant, string tenant, string? secret)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrWhiteSpace(tenant)) return;
        if (!byTenant.TryGetValue(tenant, out var secrets)) byTenant[tenant] = secrets = [];
        secrets.Add(Encoding.UTF8.GetBytes(secret));
    }

    private static IReadOnlyList<byte[]> Bytes(string? secret) => string.IsNullOrEmpty(secret) ? [] : [Encoding.UTF8.GetBytes(secret)];
}
