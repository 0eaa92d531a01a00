using FluentValidation;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Messaging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// MassTransit on RabbitMQ with Mesh's delivery guarantees: durable quorum queues, persistent messages and publisher
/// confirms (MassTransit defaults), acks only after the consumer returned, a short in-memory retry for transient
/// failures, then the endpoint's <c>_error</c> queue, which keeps the message. Traced and measured: MassTransit's
/// activity source and meter, and the depth of each receive endpoint's queue and error queue (<see cref="QueueDepthMetrics"/>).
/// </summary>
public static class MeshMessaging
{
    public static WebApplicationBuilder AddMeshMessaging(
        this WebApplicationBuilder builder,
        Action<IBusRegistrationConfigurator> configureConsumers,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureBus = null)
    {
        var rabbit = RabbitMqAddress(builder.Configuration);
        builder.AddMessagingTelemetry();
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
            x.AddReceiveEndpointObserver<QueueDepthMetrics.EndpointWatcher>();
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
                // The execution events' shared shape is for code, not routing: no exchange of its own.
                cfg.Publish<IExecutionEvent>(p => p.Exclude = true);
                configureBus?.Invoke(context, cfg);
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    private static void AddMessagingTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddSource(MassTransitSource));
        builder.Services.ConfigureOpenTelemetryMeterProvider(m => m.AddMeter(MassTransitSource, QueueDepthMetrics.MeterName));
        builder.Services.AddSingleton<QueueDepthMetrics>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<QueueDepthMetrics>());
    }

    /// <summary>MassTransit's ActivitySource and Meter (consume, publish, receive figures).</summary>
    public const string MassTransitSource = "MassTransit";

    /// <summary><c>ConnectionStrings:rabbitmq</c> as an AMQP URI (<c>amqp://user:pass@host:5672/vhost</c>).</summary>
    public static Uri RabbitMqAddress(IConfiguration configuration) => MeshConnections.RabbitMqAddress(configuration);
}
