using System.Net.Mime;
using MassTransit;
using Microsoft.Extensions.Options;
using Spinnaker.Mesh.Contracts.Echo.V1;

namespace Spinnaker.Mesh.Ingest.Consumers;

/// <summary>
/// The endpoint the gateway feeds: the quorum queue <c>ingest-echo-webhooks</c> bound to the gateway's fanout exchange.
/// Receipts arrive as raw JSON (the gateway never re-serializes Echo's body), and are consumed in batches so one
/// transaction stores many webhooks (<see cref="IngestOptions"/>: 100 by default).
/// </summary>
internal sealed class EchoWebhookConsumerDefinition : ConsumerDefinition<EchoWebhookConsumer>
{
    public const string Queue = "ingest-echo-webhooks";
    public const string GatewayExchange = "mesh.echo-webhooks";

    private readonly IngestOptions _options;

    public EchoWebhookConsumerDefinition(IOptions<IngestOptions> options)
    {
        _options = options.Value;
        EndpointName = Queue;
        ConcurrentMessageLimit = _options.PrefetchCount;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<EchoWebhookConsumer> consumer, IRegistrationContext context)
    {
        endpoint.ConfigureConsumeTopology = false;
        endpoint.DefaultContentType = new ContentType("application/json");
        endpoint.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: true);
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = _options.PrefetchCount;
            rabbit.Bind(GatewayExchange);
        }
        consumer.Options<BatchOptions>(_options.ApplyTo);
    }
}
