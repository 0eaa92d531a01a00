using FluentValidation;
using MassTransit;

namespace Spinnaker.Mesh.Messaging;

/// <summary>
/// How a batch consumer gathers messages before it stores them in one transaction, bound from the service's settings
/// section (<c>BatchMessageLimit</c>, <c>BatchTimeLimit</c>, <c>BatchConcurrencyLimit</c>). A service's options class
/// derives from it and sets its own defaults.
/// </summary>
public abstract class ConsumerBatchSettings
{
    /// <summary>Messages stored in one transaction at most: larger batches cost fewer commits per message.</summary>
    public int BatchMessageLimit { get; set; }

    /// <summary>How long a partial batch waits for more after its first message: the delay a lone message sees.</summary>
    public TimeSpan BatchTimeLimit { get; set; }

    /// <summary>Batches stored at once.</summary>
    public int BatchConcurrencyLimit { get; set; }

    /// <summary>
    /// Messages the queue hands over before any is acked: enough to fill every concurrent batch, which are acked only
    /// once stored. With less, a batch would wait out its time limit half empty.
    /// </summary>
    public int PrefetchCount => BatchMessageLimit * BatchConcurrencyLimit;

    /// <summary>Sets a batch consumer's limits to these.</summary>
    public void ApplyTo(BatchOptions batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.SetMessageLimit(BatchMessageLimit).SetTimeLimit(BatchTimeLimit).SetConcurrencyLimit(BatchConcurrencyLimit);
    }
}

/// <summary>
/// The checks every <see cref="ConsumerBatchSettings"/> needs, within the service's own upper bounds: a batch holds at
/// least one message, waits a moment at most, and runs at least once at a time. Include it in the options' validator.
/// </summary>
public sealed class ConsumerBatchSettingsValidator<T> : AbstractValidator<T> where T : ConsumerBatchSettings
{
    public ConsumerBatchSettingsValidator(int maxMessages, TimeSpan maxTimeLimit, int maxConcurrency)
    {
        RuleFor(o => o.BatchMessageLimit).InclusiveBetween(1, maxMessages);
        RuleFor(o => o.BatchTimeLimit)
            .GreaterThan(TimeSpan.Zero).LessThanOrEqualTo(maxTimeLimit)
            .WithMessage($"must be more than zero and at most {maxTimeLimit} (was {{PropertyValue}}).");
        RuleFor(o => o.BatchConcurrencyLimit).InclusiveBetween(1, maxConcurrency);
    }
}
