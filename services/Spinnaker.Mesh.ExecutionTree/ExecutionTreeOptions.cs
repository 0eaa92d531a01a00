using Microsoft.Extensions.Options;

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

    internal sealed class Validator : IValidateOptions<ExecutionTreeOptions>
    {
        public ValidateOptionsResult Validate(string? name, ExecutionTreeOptions options)
        {
            var failures = new List<string>();
            if (options.BatchMessageLimit is < 1 or > 10_000)
                failures.Add($"{Section}:{nameof(BatchMessageLimit)} must be between 1 and 10000 (was {options.BatchMessageLimit}).");
            if (options.BatchTimeLimit <= TimeSpan.Zero || options.BatchTimeLimit > TimeSpan.FromMinutes(1))
                failures.Add($"{Section}:{nameof(BatchTimeLimit)} must be more than zero and at most one minute (was {options.BatchTimeLimit}).");
            if (options.BatchConcurrencyLimit is < 1 or > 256)
                failures.Add($"{Section}:{nameof(BatchConcurrencyLimit)} must be between 1 and 256 (was {options.BatchConcurrencyLimit}).");
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
