using System.Collections.Immutable;

namespace Spinnaker.Mesh.EventSourcing.Tests.Support;

/// <summary>A small aggregate Marten folds from a stream: each stage's last status, and the version it was built to.</summary>
public sealed record ExecutionState(string Id, long Version, ImmutableDictionary<string, string> Stages)
{
    public static ExecutionState Create(StageStarted e) => new("", 0, ImmutableDictionary<string, string>.Empty.SetItem(e.StageId, "RUNNING"));

    public ExecutionState Apply(StageStarted e) => this with { Stages = Stages.SetItem(e.StageId, "RUNNING") };

    public ExecutionState Apply(StageCompleted e) => this with { Stages = Stages.SetItem(e.StageId, e.Status) };
}
