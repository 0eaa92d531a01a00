using Spinnaker.Mesh.Gateway.Auth;
using Spinnaker.Mesh.Gateway.Broker;
using Spinnaker.Mesh.Gateway.Proxy;
using Spinnaker.Mesh.Gateway.Webhooks;

namespace Spinnaker.Mesh.Gateway;

/// <summary>
/// The gateway's composition: the webhooks (Echo, Kayenta) in front of RabbitMQ, and YARP in front of the services (routes in
/// the <c>ReverseProxy</c> config section). Both require a tenant token. Program.cs runs it; tests start the same app.
/// </summary>
internal static class GatewayApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddMeshServiceDefaults(GatewayTelemetry.ServiceName);
        builder.AddTenantAuth();
        builder.AddWebhooks();
        builder.AddReceiptPublisher();
        builder.AddServiceRoutes();

        var app = builder.Build();
        app.UseMeshProblemDetails();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapMeshDefaultEndpoints();
        app.MapWebhooks();
        // Every proxied route needs a token, including routes added to the config later.
        app.MapReverseProxy().RequireAuthorization(TenantAuth.Policy);
        app.WarnWhenNoTokens();
        return app;
    }
}
