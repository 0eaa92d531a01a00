namespace Spinnaker.Mesh.Gateway.Broker;

internal static class BrokerRegistration
{
    public static WebApplicationBuilder AddReceiptPublisher(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BrokerOptions>().BindConfiguration(BrokerOptions.Section)
            .Validate(o => o.PublishChannels > 0 && o.PublishTimeout > TimeSpan.Zero && o.ReconnectInterval > TimeSpan.Zero,
                $"{BrokerOptions.Section}: PublishChannels, PublishTimeout and ReconnectInterval must be positive")
            .ValidateOnStart();
        builder.Services.AddSingleton<BrokerConnection>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BrokerConnection>());
        builder.Services.AddSingleton<ReceiptPublisher>();
        builder.Services.AddHealthChecks().AddCheck<BrokerReadinessCheck>("rabbitmq", tags: [MeshServiceDefaults.ReadyTag]);
        return builder;
    }
}
