namespace Spinnaker.Mesh.Gateway.Broker;

internal static class BrokerRegistration
{
    public static WebApplicationBuilder AddReceiptPublisher(this WebApplicationBuilder builder)
    {
        builder.AddMeshOptions<BrokerOptions>(BrokerOptions.Section);
        builder.Services.AddSingleton<BrokerConnection>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BrokerConnection>());
        builder.Services.AddSingleton<ReceiptPublisher>();
        builder.Services.AddHealthChecks().AddCheck<BrokerReadinessCheck>("rabbitmq", tags: [MeshServiceDefaults.ReadyTag]);
        return builder;
    }
}
