using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The tenant of a query. The gateway authenticates the caller's token and forwards its tenant in
/// <see cref="Header"/>, replacing anything the caller sent. Services are not exposed outside the cluster.
/// </summary>
public static class MeshTenant
{
    public const string Header = "X-Mesh-Tenant";
    public const string Default = "default";

    public static string GetMeshTenant(this HttpContext context) =>
        context.Request.Headers[Header].FirstOrDefault() is { Length: > 0 } tenant ? tenant : Default;
}
