using Yarp.ReverseProxy.Configuration;

namespace Spinnaker.Mesh.Gateway.Proxy;

/// <summary>
/// The YARP routes and clusters for the catalog: one cluster per service that owns route prefixes, one route per prefix
/// matching the prefix and everything below it. Overlapping prefixes need no hand-set order: a route's order is minus
/// its segment count, so <c>/api/executions/{id}/events</c> (ingest) is tried before <c>/api/executions</c>
/// (execution-tree).
/// </summary>
internal static class ServiceRoutes
{
    /// <summary>The configuration section whose <c>&lt;name&gt;:Address</c> points a service elsewhere than 127.0.0.1:&lt;port&gt;.</summary>
    public const string Section = "Mesh:Services";

    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) Build(
        IReadOnlyList<CatalogService> catalog, IConfiguration configuration)
    {
        var overrides = configuration.GetSection(Section);
        foreach (var configured in overrides.GetChildren())
            if (!catalog.Any(s => string.Equals(s.Name, configured.Key, StringComparison.OrdinalIgnoreCase)))
                throw new InvalidOperationException(
                    $"{Section}:{configured.Key} names no service of {ServiceCatalog.FileName} ({string.Join(", ", catalog.Select(s => s.Name))})");

        var routed = catalog.Where(s => s.RoutePrefixes.Count > 0).ToList();
        var clusters = routed.Select(service => new ClusterConfig
        {
            ClusterId = service.Name,
            Destinations = new Dictionary<string, DestinationConfig>
            {
                [service.Name] = new() { Address = Address(service, overrides.GetSection(service.Name)) },
            },
        }).ToList();
        var routes = routed.SelectMany(service => service.RoutePrefixes.Select(prefix => new RouteConfig
        {
            RouteId = $"{service.Name}:{prefix}",
            ClusterId = service.Name,
            Order = -Segments(prefix),
            // A catch-all also matches the empty rest, so the prefix itself is routed too.
            Match = new RouteMatch { Path = prefix + "/{**rest}" },
        })).ToList();
        return (routes, clusters);
    }

    private static string Address(CatalogService service, IConfigurationSection configured)
    {
        var address = configured["Address"];
        if (string.IsNullOrWhiteSpace(address)) return $"http://127.0.0.1:{service.Port}/";
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"{configured.Path}:Address '{address}' is not an absolute http(s) URL");
        return address;
    }

    private static int Segments(string prefix) => prefix.Split('/', StringSplitOptions.RemoveEmptyEntries).Length;
}
