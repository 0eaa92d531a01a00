using System.Net.Mime;
using MassTransit;
using Spinnaker.Mesh.Contracts.Echo.V1;

namespace Spinnaker.Mesh.Ingest.Consumers;

/// <summary>
/// The endpoint the gateway feeds: the quorum queue <c>ingest-echo-webhooks</c> bound to the gateway's fanout exchange.
/// Receipts arrive as raw JSON (the gateway never re-serializes Echo's body), and are consumed in batches so one
/// transaction stores up to 100 webhooks.
/// </summary>
internal sealed class EchoWebhookConsumerDefinition : ConsumerDefinition<EchoWebhookConsumer>
{
    public const string Queue = "ingest-echo-webhooks";
    public const string GatewayExchange = "mesh.echo-webhooks";
    public const int BatchSize = 100;

    public EchoWebhookConsumerDefinition()
    {
        EndpointName = Queue;
        ConcurrentMessageLimit = BatchSize * 2;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<EchoWebhookConsumer> consumer, IRegistrationContext context)
    {
        endpoint.ConfigureConsumeTopology = false;
        endpoint.DefaultContentType = new ContentType("application/json");
        endpoint.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: true);
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = BatchSize * 2;
            rabbit.Bind(GatewayExchange);
        }
        consumer.Options<BatchOptions>(batch => batch
            .SetMessageLimit(BatchSize)
            .SetTimeLimit(TimeSpan.FromMilliseconds(50))
            .SetConcurrencyLimit(2));
    }
}
