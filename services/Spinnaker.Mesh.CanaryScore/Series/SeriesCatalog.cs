namespace Spinnaker.Mesh.CanaryScore.Series;

/// <summary>A series Mesh records, as the Prometheus API's <c>/api/v1/metadata</c> describes it.</summary>
internal sealed record MeshSeries(string Name, string Type, string Help, IReadOnlyList<string> Labels);

/// <summary>Every series Mesh records (docs/prometheus-api.md lists them with their labels).</summary>
internal static class SeriesCatalog
{
    public static readonly MeshSeries CanaryScore = new("mesh_canary_score", "gauge",
        "Score (0-100) of a canary judgment, one sample per judgment at the time it was judged.",
        ["application", "service", "config", "account", "region", "environment"]);

    public static readonly MeshSeries PipelineDuration = new("mesh_pipeline_duration_seconds", "gauge",
        "Duration of a completed pipeline or orchestration execution (end - start), one sample per execution at its end.",
        ["application", "pipeline", "status"]);

    public static readonly MeshSeries PipelineExecutions = new("mesh_pipeline_executions_total", "counter",
        "Completed pipeline and orchestration executions.", ["application", "pipeline", "status"]);

    public static readonly MeshSeries StageDuration = new("mesh_stage_duration_seconds", "gauge",
        "Duration of a completed stage, synthetic stages included, one sample per stage at its end.", ["application", "stage_type", "status"]);

    public static readonly MeshSeries Deployments = new("mesh_deployments_total", "counter",
        "Succeeded deployments: createServerGroup, cloneServerGroup and deployManifest stages (a deploy stage counts through its createServerGroup stages).",
        ["application", "environment"]);

    public static readonly MeshSeries Rollbacks = new("mesh_rollbacks_total", "counter",
        "Succeeded rollbacks: rollbackServerGroup, rollbackCluster and undoRolloutManifest stages, synthetic ones included.",
        ["application", "environment"]);

    public static IReadOnlyList<MeshSeries> All { get; } = [CanaryScore, PipelineDuration, PipelineExecutions, StageDuration, Deployments, Rollbacks];
}
