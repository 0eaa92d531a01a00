using FluentValidation;

namespace Spinnaker.Mesh.Rollback.Execution;

/// <summary>How approved decisions are carried out through Gate (<c>Mesh:Rollback:Execution</c>, docs/rollback-execution.md).</summary>
internal sealed class ExecutionOptions
{
    public const string Section = "Mesh:Rollback:Execution";

    /// <summary>Gate calls per decision at most, the first one included; then the decision fails.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait after the first failed attempt; it doubles after each further one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How old an intent without outcome must be before "Gate lists no execution for it" counts as the call having
    /// been lost. At least Gate's call timeout: a call still under way (a replica that lost its lock connection, a
    /// start Gate is still handing to Orca) can create its execution until then.
    /// </summary>
    public TimeSpan ReconcileGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How often the service looks for decisions left approved or triggering (a lost RollbackApproved, a process that
    /// died mid-call, Gate unreachable while reconciling); it also looks once at start.
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many of the rollback application's recent executions reconciliation reads from Gate.</summary>
    public int RecentExecutions { get; set; } = 50;

    /// <summary>The wait before the attempt that follows <paramref name="failedAttempts"/> failed ones.</summary>
    public TimeSpan DelayAfter(int failedAttempts) =>
        failedAttempts <= 0 ? TimeSpan.Zero : RetryDelay * Math.Pow(2, Math.Min(failedAttempts - 1, 10));
}

internal sealed class ExecutionOptionsValidator : AbstractValidator<ExecutionOptions>
{
    public ExecutionOptionsValidator()
    {
        RuleFor(o => o.MaxAttempts).InclusiveBetween(1, 10);
        RuleFor(o => o.RetryDelay).GreaterThan(TimeSpan.Zero).LessThanOrEqualTo(TimeSpan.FromMinutes(10));
        RuleFor(o => o.ReconcileGrace).GreaterThanOrEqualTo(TimeSpan.Zero).LessThanOrEqualTo(TimeSpan.FromHours(1));
        RuleFor(o => o.SweepInterval).GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)).LessThanOrEqualTo(TimeSpan.FromHours(1));
        RuleFor(o => o.RecentExecutions).InclusiveBetween(1, 500);
    }
}
