namespace Spinnaker.Mesh.ExecutionTree.Statistics;

/// <summary>Orca statuses (echo.md §5) as SQL lists, so every statistic draws the same lines.</summary>
internal static class RunStatuses
{
    /// <summary>
    /// Orca's complete statuses minus SKIPPED: a skipped stage never ran, so its near-zero duration would drag medians
    /// down and its "success" would flatter rates. Rates and durations are over these. A finished pipeline ends
    /// SUCCEEDED, TERMINAL or CANCELED, so for executions this is simply "completed".
    /// </summary>
    public const string Finished = "('SUCCEEDED', 'FAILED_CONTINUE', 'TERMINAL', 'CANCELED', 'STOPPED')";

    /// <summary>Orca's complete statuses: nothing more will happen to the stage.</summary>
    public const string Complete = "('SUCCEEDED', 'FAILED_CONTINUE', 'TERMINAL', 'CANCELED', 'STOPPED', 'SKIPPED')";

    /// <summary>A stage failed whether or not the pipeline was told to carry on past it.</summary>
    public const string FailedStage = "('TERMINAL', 'FAILED_CONTINUE')";
}
