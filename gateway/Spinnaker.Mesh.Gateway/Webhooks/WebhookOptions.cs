namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary><c>Mesh:Webhooks</c>: who may call the gateway and how large an Echo body may be.</summary>
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
