using FluentValidation;
using Spinnaker.Mesh.Messaging;

namespace Spinnaker.Mesh.ExecutionTree;

/// <summary>
/// The execution-tree service's tunables, bound from <c>Mesh:ExecutionTree</c> and validated at start: how each event
/// type's batch consumer gathers events (<c>Mesh:ExecutionTree:BatchMessageLimit</c>, <c>:BatchTimeLimit</c>,
/// <c>:BatchConcurrencyLimit</c>).
/// </summary>
/// <remarks>
/// The time limit sets the batch size under load: every batch rewrites the merge state of each execution it touches
/// (hundreds of KB for a 500-stage run), so on two cores a 500-stage run's 2,098 events were all stored in 24 s with
/// 50 ms and in 6 s with 200 ms. Batches that share executions wait for each other on the executions' locks.
/// </remarks>
internal sealed class ExecutionTreeOptions : ConsumerBatchSettings
{
    public const string Section = "Mesh:ExecutionTree";

    public ExecutionTreeOptions()
    {
        BatchMessageLimit = 200;
        BatchTimeLimit = TimeSpan.FromMilliseconds(200);
        BatchConcurrencyLimit = 4;
    }
}

/// <summary>Checked at start, within bounds that keep a batch's transaction and the queue's prefetch reasonable.</summary>
internal sealed class ExecutionTreeOptionsValidator : AbstractValidator<ExecutionTreeOptions>
{
    public ExecutionTreeOptionsValidator() =>
        Include(new ConsumerBatchSettingsValidator<ExecutionTreeOptions>(10_000, TimeSpan.FromMinutes(1), 256));
}
