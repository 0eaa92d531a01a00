using FluentValidation;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// MassTransit on RabbitMQ with Mesh's delivery guarantees: durable quorum queues, persistent messages and publisher
/// confirms (MassTransit defaults), acks only after the consumer returned, a short in-memory retry for transient
/// failures, then the endpoint's <c>_error</c> queue, which keeps the message.
/// </summary>
public static class MeshMessaging
{
    public static WebApplicationBuilder AddMeshMessaging(
        this WebApplicationBuilder builder,
        Action<IBusRegistrationConfigurator> configureConsumers,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureBus = null)
    {
        var rabbit = RabbitMqAddress(builder.Configuration);
        builder.Services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            // Mesh runs where nothing may call out of the cluster.
            x.DisableUsageTelemetry();
            x.ConfigureHealthCheckOptions(o =>
            {
                o.Name = "rabbitmq";
                o.Tags.Add(MeshServiceDefaults.ReadyTag);
            });
            x.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator queue) queue.SetQuorumQueue();
            });
            configureConsumers(x);
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(rabbit);
                cfg.UseMessageRetry(r =>
                {
                    r.Intervals(100, 500, 1000, 2000, 5000);
                    // Retrying cannot fix a message that fails validation.
                    r.Ignore<ValidationException>();
                });
                configureBus?.Invoke(context, cfg);
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary><c>ConnectionStrings:rabbitmq</c> as an AMQP URI (<c>amqp://user:pass@host:5672/vhost</c>).</summary>
    public static Uri RabbitMqAddress(IConfiguration configuration)
    {
        var value = configuration.GetConnectionString("rabbitmq")
            ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not configured (e.g. amqp://guest:guest@127.0.0.1:5672/).");
        return new Uri(value);
    }
}
