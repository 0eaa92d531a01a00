using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.ExecutionTree;
using Spinnaker.Mesh.ExecutionTree.Domain;
using Spinnaker.Mesh.ExecutionTree.ReadModel;
using ExecutionTreeModel = Spinnaker.Mesh.ExecutionTree.Domain.ExecutionTree;

namespace Spinnaker.Mesh.Benchmarks.Tree;

/// <summary>
/// The CPU side of the execution-tree service for one large pipeline run (and a tenth of it, for scale): merging its
/// events, building its tree, writing the tree as the API serves it, and the per-event work of the inline projection.
/// </summary>
[MemoryDiagnoser]
public class TreeBenchmarks
{
    private SyntheticExecution _execution = null!;
    private ExecutionState _state = null!;
    private ExecutionTreeModel _tree = null!;
    private string _stateJson = null!;
    private object _lateEvent = null!;

    [Params(50, 500)]
    public int Stages { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _execution = SyntheticExecution.Create(Stages);
        _state = Workload.ApplyAll(_execution.Events);
        _tree = ExecutionTreeBuilder.Build(_state);
        _stateJson = JsonSerializer.Serialize(_state, ExecutionTreeJson.State);
        // A stage-completed event late in the run: the projection meets it with nearly the whole state stored.
        _lateEvent = _execution.Events.Last(e => e is StageCompleted);
    }

    /// <summary>(a) Every event of the run merged into an empty state, in Orca's order.</summary>
    [Benchmark]
    public object ApplyAllEvents() => Workload.ApplyAll(_execution.Events);

    /// <summary>(b) The tree of the finished run: nesting, DAG order, branches, critical path.</summary>
    [Benchmark]
    public object BuildTree() => ExecutionTreeBuilder.Build(_state);

    /// <summary>(c) The tree as JSON with the API's options (web defaults, UTC millisecond timestamps), as stored and served.</summary>
    [Benchmark]
    public string SerializeTree() => JsonSerializer.Serialize(_tree, ExecutionTreeJson.Api);

    /// <summary>(d) The stored state read back and written again, which the projection does once per event.</summary>
    [Benchmark]
    public string StateJsonRoundTrip() =>
        JsonSerializer.Serialize(JsonSerializer.Deserialize<ExecutionState>(_stateJson, ExecutionTreeJson.State)!, ExecutionTreeJson.State);

    /// <summary>
    /// (e) All the projection's CPU work for one event, without the database: read the stored state, apply the event,
    /// build the tree, and prepare the row writes (state, tree and stage rows serialized into the batch's parameters).
    /// </summary>
    [Benchmark]
    public int ProjectOneEvent()
    {
        var state = JsonSerializer.Deserialize<ExecutionState>(_stateJson, ExecutionTreeJson.State)!.Apply(_lateEvent);
        return ExecutionRows.For(_execution.Tenant, state, ExecutionTreeBuilder.Build(state)).Count;
    }
}
