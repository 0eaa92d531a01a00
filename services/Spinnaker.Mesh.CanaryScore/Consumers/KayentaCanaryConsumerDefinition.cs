using System.Net.Mime;
using MassTransit;

namespace Spinnaker.Mesh.CanaryScore.Consumers;

/// <summary>
/// The endpoint the gateway's <c>POST /webhooks/kayenta</c> feeds: the quorum queue <c>canary-score-kayenta-webhooks</c>
/// bound to the durable fanout exchange <c>mesh.kayenta-webhooks</c>. Receipts arrive as raw JSON
/// (<c>{"receiptId","tenant","receivedAt","status":&lt;Kayenta's body&gt;}</c>), never re-serialized.
/// </summary>
internal sealed class KayentaCanaryConsumerDefinition : ConsumerDefinition<KayentaCanaryConsumer>
{
    public const string Queue = "canary-score-kayenta-webhooks";
    public const string GatewayExchange = "mesh.kayenta-webhooks";

    public KayentaCanaryConsumerDefinition()
    {
        EndpointName = Queue;
        ConcurrentMessageLimit = 4;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<KayentaCanaryConsumer> consumer, IRegistrationContext context)
    {
        endpoint.ConfigureConsumeTopology = false;
        endpoint.DefaultContentType = new ContentType("application/json");
        endpoint.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: true);
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.Bind(GatewayExchange);
    }
}
