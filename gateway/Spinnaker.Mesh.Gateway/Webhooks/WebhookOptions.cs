using FluentValidation;

namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary><c>Mesh:Webhooks</c>: who may call the gateway and how large a webhook body may be.</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Mesh:Webhooks";

    /// <summary>Echo can send the full execution with every stage event, so bodies of several MB are normal.</summary>
    public const long DefaultMaxBodyBytes = 16 * 1024 * 1024;

    public List<TenantTokenOptions> Tokens { get; set; } = [];

    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary><c>Mesh:Webhooks:GitHub</c>: the secret GitHub signs push events with, for tenants without their own.</summary>
    public GitHubWebhookOptions GitHub { get; set; } = new();

    /// <summary><c>Mesh:Webhooks:GitLab</c>: the secret token GitLab sends, for tenants without their own.</summary>
    public GitLabWebhookOptions GitLab { get; set; } = new();
}

internal sealed class GitHubWebhookOptions
{
    /// <summary>When set, <c>X-Hub-Signature-256</c> must be the HMAC-SHA256 of the body under it.</summary>
    public string? Secret { get; set; }
}

internal sealed class GitLabWebhookOptions
{
    /// <summary>When set, <c>X-Gitlab-Token</c> must equal it.</summary>
    public string? Token { get; set; }
}

/// <summary>One accepted token and the tenant it speaks for, with that tenant's own GitHub and GitLab secrets.</summary>
internal sealed class TenantTokenOptions
{
    public string Token { get; set; } = "";

    public string Tenant { get; set; } = "";

    /// <summary>The tenant's GitHub webhook secret; replaces <c>Mesh:Webhooks:GitHub:Secret</c> for this tenant.</summary>
    public string? GitHubSecret { get; set; }

    /// <summary>The tenant's GitLab secret token; replaces <c>Mesh:Webhooks:GitLab:Token</c> for this tenant.</summary>
    public string? GitLabToken { get; set; }
}

/// <summary>Checked at start: the body limit must leave room for the message around it, and a token needs its tenant.</summary>
internal sealed class WebhookOptionsValidator : AbstractValidator<WebhookOptions>
{
    public WebhookOptionsValidator()
    {
        RuleFor(o => o.MaxBodyBytes).GreaterThan(0)
            .LessThanOrEqualTo(Array.MaxLength - ReceiptMessage.ReserveBytes - 1).WithMessage("must be below 2 GB");
        RuleForEach(o => o.Tokens).ChildRules(token =>
        {
            token.RuleFor(t => t.Token).NotEmpty();
            token.RuleFor(t => t.Tenant).NotEmpty();
        });
    }
}
