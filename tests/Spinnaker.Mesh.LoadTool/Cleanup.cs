namespace Spinnaker.Mesh.LoadTool;

/// <summary>
/// What a phase must undo (processes to stop, a virtual host and a database to delete), undone last-in first-out.
/// Each step runs once even when the normal path and the hard-timeout watchdog both ask; a failing step is reported
/// and the rest still run. <paramref name="always"/> runs at the end of every round, after the steps.
/// </summary>
internal sealed class Cleanup(Func<ValueTask> always)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);
    private readonly Lock _lock = new();
    private readonly Stack<(string What, Func<ValueTask> Undo)> _steps = new();

    public void Add(string what, Func<ValueTask> undo)
    {
        lock (_lock) _steps.Push((what, undo));
    }

    public async Task RunAsync()
    {
        while (true)
        {
            (string What, Func<ValueTask> Undo) step;
            lock (_lock)
            {
                if (!_steps.TryPop(out step)) break;
            }
            try
            {
                await step.Undo().AsTask().WaitAsync(StepTimeout);
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"cleanup: could not remove {step.What}: {e.Message}");
            }
        }
        try
        {
            await always().AsTask().WaitAsync(StepTimeout);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"cleanup: {e.Message}");
        }
    }
}
