namespace Spinnaker.Mesh.Gateway.Proxy;

internal static class ServiceRoutesRegistration
{
    /// <summary>
    /// YARP in front of every service of <c>services.catalog</c> (read from beside the gateway's assembly, where the
    /// build puts it), each at <c>Mesh:Services:&lt;name&gt;:Address</c> or 127.0.0.1 and its catalog port, with the
    /// caller's tenant set on every forwarded request.
    /// </summary>
    public static WebApplicationBuilder AddServiceRoutes(this WebApplicationBuilder builder)
    {
        var catalog = ServiceCatalog.Load(Path.Combine(AppContext.BaseDirectory, ServiceCatalog.FileName));
        var (routes, clusters) = ServiceRoutes.Build(catalog, builder.Configuration);
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters).AddTenantHeader();
        return builder;
    }
}
