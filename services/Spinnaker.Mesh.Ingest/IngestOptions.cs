using FluentValidation;

namespace Spinnaker.Mesh.Ingest;

/// <summary>The ingest service's tunables, bound from <c>Mesh:Ingest</c> and validated at start.</summary>
internal sealed class IngestOptions
{
    public const string Section = "Mesh:Ingest";

    /// <summary>
    /// Webhooks stored in one transaction at most (<c>Mesh:Ingest:BatchMessageLimit</c>): one Marten session appends
    /// the batch's events, receipts and rejections, so larger batches cost fewer commits per webhook.
    /// </summary>
    public int BatchMessageLimit { get; set; } = 100;

    /// <summary>
    /// How long a partial batch waits for more webhooks after its first one (<c>Mesh:Ingest:BatchTimeLimit</c>, e.g.
    /// <c>00:00:00.050</c>): the delay a lone webhook sees before it is stored.
    /// </summary>
    public TimeSpan BatchTimeLimit { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Batches stored at once (<c>Mesh:Ingest:BatchConcurrencyLimit</c>).</summary>
    public int BatchConcurrencyLimit { get; set; } = 2;

    /// <summary>
    /// Messages the queue hands over before any is acked: enough to fill every concurrent batch, which are acked
    /// only once stored. With a smaller prefetch a batch would wait out its time limit half empty.
    /// </summary>
    public int PrefetchCount => BatchMessageLimit * BatchConcurrencyLimit;

    internal sealed class Validator : AbstractValidator<IngestOptions>
    {
        public Validator()
        {
            // The bounds keep the prefetch (their product) within RabbitMQ's 65535 and a batch's transaction small
            // enough to commit in well under the broker's consumer timeout.
            RuleFor(o => o.BatchMessageLimit).InclusiveBetween(1, 1000);
            RuleFor(o => o.BatchTimeLimit)
                .GreaterThan(TimeSpan.Zero).LessThanOrEqualTo(TimeSpan.FromSeconds(10))
                .WithMessage("must be more than zero and at most 10 seconds (was {PropertyValue}).");
            RuleFor(o => o.BatchConcurrencyLimit).InclusiveBetween(1, 32);
        }
    }
}
