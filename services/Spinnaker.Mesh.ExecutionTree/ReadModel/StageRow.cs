using System.Text.Json;
using Spinnaker.Mesh.ExecutionTree.Domain;

namespace Spinnaker.Mesh.ExecutionTree.ReadModel;

/// <summary>
/// The per-stage columns of an <c>execution_tree.stages</c> row, serialized with the columns' snake_case names so
/// that <c>jsonb_to_recordset</c> reads a whole execution's stages from one parameter.
/// </summary>
internal sealed record StageRow(
    string StageId,
    string? RefId,
    string? StageType,
    string? StageName,
    string Status,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    long? DurationMs,
    string? SyntheticOwner,
    string? ParentStageId,
    string? CloudProvider,
    string? Account,
    IReadOnlyList<string> Regions,
    string? Cluster,
    IReadOnlyList<string> Errors,
    string? GateKind,
    string? JudgmentStatus,
    string? JudgedBy)
{
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static StageRow From(StageNode stage) => new(
        stage.Id, stage.RefId, stage.Type, stage.Name, stage.Status, stage.StartTime, stage.EndTime, stage.DurationMs,
        stage.SyntheticStageOwner, stage.ParentStageId, stage.CloudProvider, stage.Account, stage.Regions, stage.Cluster,
        stage.Errors, stage.GateKind, stage.Judgment?.Status, stage.Judgment?.JudgedBy);
}
