using FluentValidation;

namespace Spinnaker.Mesh.ExecutionTree;

/// <summary>The execution-tree service's tunables, bound from <c>Mesh:ExecutionTree</c> and validated at start.</summary>
internal sealed class ExecutionTreeOptions
{
    public const string Section = "Mesh:ExecutionTree";

    /// <summary>
    /// Events of one type stored in one transaction at most (<c>Mesh:ExecutionTree:BatchMessageLimit</c>). Larger
    /// batches cost fewer commits and state reads per event; a batch's events wait for each other's merge.
    /// </summary>
    public int BatchMessageLimit { get; set; } = 200;

    /// <summary>
    /// How long a partial batch waits for more events after its first one (<c>Mesh:ExecutionTree:BatchTimeLimit</c>,
    /// e.g. <c>00:00:00.200</c>): the delay a lone event sees before it is stored. It sets the batch size under load:
    /// every batch rewrites the merge state of each execution it touches (hundreds of KB for a 500-stage run), so
    /// on two cores a 500-stage run's 2,098 events were all stored in 24 s with 50 ms and in 6 s with 200 ms.
    /// </summary>
    public TimeSpan BatchTimeLimit { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Batches of one event type stored at once (<c>Mesh:ExecutionTree:BatchConcurrencyLimit</c>); batches that share
    /// executions still wait for each other on the executions' locks.
    /// </summary>
    public int BatchConcurrencyLimit { get; set; } = 4;
}

/// <summary>Checked at start: a batch holds at least one event, waits a moment at most, and runs at least once at a time.</summary>
internal sealed class ExecutionTreeOptionsValidator : AbstractValidator<ExecutionTreeOptions>
{
    public ExecutionTreeOptionsValidator()
    {
        RuleFor(o => o.BatchMessageLimit).InclusiveBetween(1, 10_000);
        RuleFor(o => o.BatchTimeLimit).GreaterThan(TimeSpan.Zero).LessThanOrEqualTo(TimeSpan.FromMinutes(1));
        RuleFor(o => o.BatchConcurrencyLimit).InclusiveBetween(1, 256);
    }
}
