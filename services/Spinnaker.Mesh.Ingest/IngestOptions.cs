using FluentValidation;
using Spinnaker.Mesh.Messaging;

namespace Spinnaker.Mesh.Ingest;

/// <summary>
/// The ingest service's tunables, bound from <c>Mesh:Ingest</c> and validated at start: how the webhook consumer
/// batches (<c>Mesh:Ingest:BatchMessageLimit</c>, <c>:BatchTimeLimit</c>, <c>:BatchConcurrencyLimit</c>). One Marten
/// session appends a batch's events, receipts and rejections.
/// </summary>
internal sealed class IngestOptions : ConsumerBatchSettings
{
    public const string Section = "Mesh:Ingest";

    public IngestOptions()
    {
        BatchMessageLimit = 100;
        BatchTimeLimit = TimeSpan.FromMilliseconds(50);
        BatchConcurrencyLimit = 2;
    }

    internal sealed class Validator : AbstractValidator<IngestOptions>
    {
        // The bounds keep the prefetch (their product) within RabbitMQ's 65535 and a batch's transaction small
        // enough to commit in well under the broker's consumer timeout.
        public Validator() => Include(new ConsumerBatchSettingsValidator<IngestOptions>(1000, TimeSpan.FromSeconds(10), 32));
    }
}
