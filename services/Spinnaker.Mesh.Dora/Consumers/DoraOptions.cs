using FluentValidation;
using Spinnaker.Mesh.Messaging;

namespace Spinnaker.Mesh.Dora.Consumers;

/// <summary>
/// <c>Mesh:Dora</c>: how the consumer of terminal executions gathers them (<c>BatchMessageLimit</c>,
/// <c>BatchTimeLimit</c>, <c>BatchConcurrencyLimit</c>). A batch classifies each application it touches once, so
/// larger batches cost fewer classifications under load.
/// </summary>
internal sealed class DoraOptions : ConsumerBatchSettings
{
    public const string Section = "Mesh:Dora";

    public DoraOptions()
    {
        BatchMessageLimit = 100;
        BatchTimeLimit = TimeSpan.FromMilliseconds(200);
        BatchConcurrencyLimit = 2;
    }
}

internal sealed class DoraOptionsValidator : AbstractValidator<DoraOptions>
{
    public DoraOptionsValidator() =>
        Include(new ConsumerBatchSettingsValidator<DoraOptions>(1_000, TimeSpan.FromSeconds(10), 16));
}
