using Spinnaker.Mesh.Gateway.Auth;
using Yarp.ReverseProxy.Transforms;

namespace Spinnaker.Mesh.Gateway.Proxy;

/// <summary>
/// Services behind the gateway trust <c>X-Mesh-Tenant</c>, so only the gateway may set it: whatever the caller sent is
/// replaced by the tenant of the caller's token. The token itself stays at the gateway.
/// </summary>
internal static class TenantHeaderTransform
{
    public static IReverseProxyBuilder AddTenantHeader(this IReverseProxyBuilder proxy) =>
        proxy.AddTransforms(route => route.AddRequestTransform(ApplyAsync));

    private static ValueTask ApplyAsync(RequestTransformContext context)
    {
        RequestTransform.RemoveHeader(context, MeshTenant.Header);
        RequestTransform.RemoveHeader(context, "Authorization");
        if (context.HttpContext.User.FindFirst(TenantAuth.TenantClaim)?.Value is { Length: > 0 } tenant)
            RequestTransform.AddHeader(context, MeshTenant.Header, tenant);
        return ValueTask.CompletedTask;
    }
}
