using FluentValidation;
using Spinnaker.Mesh.Messaging;

namespace Spinnaker.Mesh.CanaryScore.Judgments;

/// <summary>
/// <c>Mesh:CanaryScore:Judgments</c>: how the consumer of execution events gathers them
/// (<c>BatchMessageLimit</c>, <c>BatchTimeLimit</c>, <c>BatchConcurrencyLimit</c>). Most events carry no canary stage
/// and cost no database work, so batches are cheap; the account → environment map is read from
/// <see cref="AccountEnvironments.Section"/>.
/// </summary>
internal sealed class JudgmentOptions : ConsumerBatchSettings
{
    public const string Section = "Mesh:CanaryScore:Judgments";

    public JudgmentOptions()
    {
        BatchMessageLimit = 100;
        BatchTimeLimit = TimeSpan.FromMilliseconds(100);
        BatchConcurrencyLimit = 2;
    }
}

internal sealed class JudgmentOptionsValidator : AbstractValidator<JudgmentOptions>
{
    public JudgmentOptionsValidator() =>
        Include(new ConsumerBatchSettingsValidator<JudgmentOptions>(1_000, TimeSpan.FromSeconds(10), 32));
}
