using System.Text.Json;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Ingest.Normalization;

/// <summary>
/// What a <c>pipeline</c> trigger's <c>parentExecution</c> (the full parent execution, as Orca's
/// <c>DependentPipelineStarter</c> copies it) says about the parent: its name and status, the errors of its failed
/// stages, and what its deploy stages deployed. Stages are read as any execution's stages (<see cref="StageReader"/>).
/// </summary>
internal static class ParentExecutionReader
{
    private static readonly HashSet<string> Failed = new(["TERMINAL", "FAILED_CONTINUE", "STOPPED", "CANCELED"], StringComparer.Ordinal);

    public static ParentExecutionInfo? Read(JsonElement? parent)
    {
        if (parent is null) return null;
        var stages = StageReader.ReadAll(parent.Items("stages"));
        var errors = new OrderedSet();
        foreach (var stage in stages.Where(s => Failed.Contains(s.Status))) errors.AddRange(stage.Errors);
        var deployed = new ArtifactSet();
        foreach (var stage in stages.Where(s => !RollbackReader.IsRollback(s.Type)))
            foreach (var artifact in stage.Artifacts ?? []) deployed.Add(artifact);
        return new ParentExecutionInfo(
            Application: parent.Str("application"),
            PipelineName: parent.Str("name") ?? parent.Str("description"),
            Status: Statuses.Normalize(parent.Str("status")),
            Errors: errors.ToList(),
            Deployed: deployed.ToListOrNull());
    }
}
