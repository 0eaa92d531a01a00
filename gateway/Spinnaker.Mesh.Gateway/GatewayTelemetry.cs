using System.Diagnostics;

namespace Spinnaker.Mesh.Gateway;

/// <summary>The gateway's own spans (<c>Spinnaker.Mesh.Gateway</c>, which the service defaults trace).</summary>
internal static class GatewayTelemetry
{
    public const string ServiceName = "Gateway";

    public static readonly ActivitySource Source = new(MeshTelemetry.SourceName(ServiceName));
}
