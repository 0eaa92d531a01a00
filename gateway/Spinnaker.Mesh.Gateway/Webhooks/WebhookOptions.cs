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
}

/// <summary>One accepted token and the tenant it speaks for.</summary>
internal sealed class TenantTokenOptions
{
    public string Token { get; set; } = "";

    public string Tenant { get; set; } = "";
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
