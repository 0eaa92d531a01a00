using FluentValidation;
using Spinnaker.Mesh.Messaging;

namespace Spinnaker.Mesh.CanaryScore.Consumers;

/// <summary>
/// How execution events become series, from <c>Mesh:CanaryScore</c>: the environment of each deployment account
/// (<c>Mesh:CanaryScore:AccountEnvironments:{account}</c>, e.g. <c>prod-use1: production</c>) and the batch limits of
/// the consumer (<c>Mesh:CanaryScore:ExecutionSeries:BatchMessageLimit</c>, <c>:BatchTimeLimit</c>, <c>:BatchConcurrencyLimit</c>).
/// </summary>
internal sealed class ExecutionSeriesOptions
{
    public const string Section = "Mesh:CanaryScore";

    /// <summary>Account name → environment label, validated here; looked up through <see cref="Judgments.AccountEnvironments"/>.</summary>
    public Dictionary<string, string> AccountEnvironments { get; set; } = [];

    public ExecutionSeriesBatchSettings ExecutionSeries { get; set; } = new();
}

/// <summary>Series are small inserts: large batches, one commit each.</summary>
internal sealed class ExecutionSeriesBatchSettings : ConsumerBatchSettings
{
    public ExecutionSeriesBatchSettings()
    {
        BatchMessageLimit = 200;
        BatchTimeLimit = TimeSpan.FromMilliseconds(200);
        BatchConcurrencyLimit = 2;
    }
}

internal sealed class ExecutionSeriesOptionsValidator : AbstractValidator<ExecutionSeriesOptions>
{
    public ExecutionSeriesOptionsValidator()
    {
        RuleForEach(o => o.AccountEnvironments).ChildRules(entry =>
        {
            entry.RuleFor(e => e.Value).NotEmpty().MaximumLength(128)
                .WithMessage(e => $"the environment of account '{e.Key}' must be 1 to 128 characters.");
        });
        RuleFor(o => o.ExecutionSeries).SetValidator(new ConsumerBatchSettingsValidator<ExecutionSeriesBatchSettings>(5_000, TimeSpan.FromMinutes(1), 16));
    }
}
