using System.Collections.Concurrent;
using Spinnaker.Mesh.Rollback.Gate;

namespace Spinnaker.Mesh.Rollback.Tests.Execution.Support;

/// <summary>
/// Gate as the executor's specs need it: each pipeline start answers the next scripted answer (an execution id, or a
/// <see cref="GateCallException"/>); the recent executions are what the spec lists. Every call is recorded.
/// </summary>
internal sealed class ScriptedGate : IGateClient
{
    private readonly ConcurrentQueue<Func<Task<GateTriggerResult>>> _answers = new();
    private readonly ConcurrentQueue<GatePipelineTrigger> _triggers = new();
    private int _lookups;

    public List<GateExecution> Executions { get; } = [];
    public GateCallException? ExecutionsFailure { get; set; }
    public IReadOnlyList<GatePipelineTrigger> Triggers => [.. _triggers];
    public int Lookups => Volatile.Read(ref _lookups);

    public ScriptedGate Starts(string executionId)
    {
        _answers.Enqueue(() => Task.FromResult(new GateTriggerResult(executionId)));
        return this;
    }

    public ScriptedGate Refuses(int status, string message, bool retryable)
    {
        _answers.Enqueue(() => Task.FromException<GateTriggerResult>(new GateCallException(message, status, retryable)));
        return this;
    }

    /// <summary>The next start waits for <paramref name="answer"/>: a call under way for as long as the spec likes.</summary>
    public ScriptedGate Holds(Task<GateTriggerResult> answer)
    {
        _answers.Enqueue(() => answer);
        return this;
    }

    public Task<GateTriggerResult> TriggerPipelineAsync(GatePipelineTrigger trigger, CancellationToken cancellationToken)
    {
        _triggers.Enqueue(trigger);
        return _answers.TryDequeue(out var answer)
            ? answer()
            : throw new InvalidOperationException($"Gate was called more often than scripted ({_triggers.Count} starts).");
    }

    public Task<IReadOnlyList<GateExecution>> RecentExecutionsAsync(string application, int limit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        if (ExecutionsFailure is { } failure) return Task.FromException<IReadOnlyList<GateExecution>>(failure);
        return Task.FromResult<IReadOnlyList<GateExecution>>([.. Executions.Take(limit)]);
    }
}
