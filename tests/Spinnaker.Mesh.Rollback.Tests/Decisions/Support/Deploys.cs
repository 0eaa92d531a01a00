using Spinnaker.Mesh.Contracts.Canary.V1;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Contracts.ExecutionTree.V1;
using Spinnaker.Mesh.Contracts.Impact.V1;
using Spinnaker.Mesh.EventSourcing;

namespace Spinnaker.Mesh.Rollback.Tests.Decisions.Support;

/// <summary>
/// Execution events as ingest publishes them and signals as their services publish them, shaped after the shared Echo
/// fixtures: Kubernetes <c>deployManifest</c> stages (tasks <c>deployManifest</c> then <c>waitForManifestToStabilize</c>,
/// the workload as a created <c>kubernetes/deployment</c> artifact, the image as a <c>docker/image</c>) and AWS
/// <c>createServerGroup</c> stages (tasks <c>createServerGroup</c> then <c>waitForUpInstances</c>, the server group
/// from <c>deploy.server.groups</c>). Event ids are derived from what the event says, as ingest derives them.
/// </summary>
internal static class Deploys
{
    private static readonly Guid Namespace = new("0c9a3d51-2f4e-4b7a-9e1d-6a5b4c3d2e1f");

    public const string ManifestNamespace = "checkout";

    /// <summary>
    /// A <c>deployManifest</c> of <paramref name="image"/> (e.g. <c>registry.example.com/checkout-api:1.9.1</c>) as
    /// <c>deployment checkout-api</c>. <paramref name="applied"/> false: the <c>deployManifest</c> task itself failed.
    /// </summary>
    public static StageInfo Manifest(string id, string image, DateTimeOffset start, DateTimeOffset end, string status = "SUCCEEDED",
        bool applied = true, string account = "prod-use1", string workload = "checkout-api", string? @namespace = ManifestNamespace)
    {
        var tag = image[(image.LastIndexOf(':') + 1)..];
        TaskInfo[] tasks = status == "SUCCEEDED"
            ? [Task("1", "deployManifest", "SUCCEEDED", start, end), Task("2", "waitForManifestToStabilize", "SUCCEEDED", start, end)]
            : applied
                ? [Task("1", "deployManifest", "SUCCEEDED", start, end), Task("2", "waitForManifestToStabilize", status, start, end)]
                : [Task("1", "deployManifest", status, start, end), Task("2", "waitForManifestToStabilize", "NOT_STARTED", null, null)];
        ArtifactInfo[] artifacts =
        [
            new("docker/image", image[..image.LastIndexOf(':')], tag, image, new Dictionary<string, string>()),
            new("kubernetes/deployment", workload, "", workload, new Dictionary<string, string> { ["account"] = account }),
        ];
        return new StageInfo(id, "1", "deployManifest", "Deploy (Manifest)", status, start, end, [], null, null, "kubernetes", account, [],
            null, null, status == "SUCCEEDED" ? [] : [$"Deployment {workload} did not become stable"], tasks, null, null,
            Artifacts: artifacts, Namespace: @namespace);
    }

    /// <summary>
    /// A <c>createServerGroup</c> of <paramref name="serverGroup"/> (e.g. <c>payments-api-v042</c>) in us-east-1.
    /// <paramref name="created"/> false: the <c>createServerGroup</c> task failed, so no server group exists (as in
    /// <c>synthetic-pipeline-failed-terminal.json</c>). The cluster is the server group's, unless given.
    /// </summary>
    public static StageInfo ServerGroup(string id, string serverGroup, DateTimeOffset start, DateTimeOffset end, string status = "SUCCEEDED",
        bool created = true, string account = "prod", string? cluster = null)
    {
        cluster ??= System.Text.RegularExpressions.Regex.Replace(serverGroup, @"-v\d{3,}$", "");
        TaskInfo[] tasks = status == "SUCCEEDED"
            ? [Task("1", "createServerGroup", "SUCCEEDED", start, end), Task("2", "waitForUpInstances", "SUCCEEDED", start, end)]
            : created
                ? [Task("1", "createServerGroup", "SUCCEEDED", start, end), Task("2", "waitForUpInstances", status, start, end)]
                : [Task("1", "createServerGroup", status, start, end), Task("2", "waitForUpInstances", "NOT_STARTED", null, null)];
        return new StageInfo(id, "1", "createServerGroup", "Deploy in us-east-1", status, start, end, [], null, null, "aws", account, ["us-east-1"],
            cluster, created ? serverGroup : null, status == "SUCCEEDED" ? [] : ["Instances did not come up"], tasks, null, null);
    }

    /// <summary>A stage that deploys nothing (a wait, a test job).</summary>
    public static StageInfo Other(string id, string type, DateTimeOffset start, DateTimeOffset end, string status = "SUCCEEDED") =>
        new(id, "9", type, type, status, start, end, [], null, null, null, null, [], null, null,
            status == "SUCCEEDED" ? [] : [$"{type} failed"], [], null, null);

    public static ExecutionInfo Execution(string tenant, string application, string executionId, string status, DateTimeOffset? start,
        DateTimeOffset? end, string pipeline = "Deploy to production", IReadOnlyDictionary<string, string>? parameters = null) =>
        new(tenant, application, executionId, "PIPELINE", pipeline, "cfg-" + pipeline.Replace(' ', '-'), status, start, end,
            new TriggerInfo("manual", "alice", null, null, null, null, null, Parameters: parameters), null, status == "CANCELED", null, null);

    /// <summary>The pipeline's end: its status, a minute after its last stage.</summary>
    public static PipelineCompleted Completed(string tenant, string application, string executionId, string status, params StageInfo[] stages) =>
        Completed(tenant, application, executionId, status, "Deploy to production", null, stages);

    public static PipelineCompleted Completed(string tenant, string application, string executionId, string status, string pipeline,
        IReadOnlyDictionary<string, string>? parameters, params StageInfo[] stages)
    {
        var end = stages.Max(s => s.EndTime)!.Value.AddMinutes(1);
        var start = stages.Min(s => s.StartTime)!.Value.AddMinutes(-1);
        return new PipelineCompleted(Id(tenant, executionId, "pipeline", status, end), end,
            Execution(tenant, application, executionId, status, start, end, pipeline, parameters), stages);
    }

    /// <summary>A stage's end while the pipeline still runs; <paramref name="others"/> are the rest of the snapshot.</summary>
    public static StageCompleted StageEnded(string tenant, string application, string executionId, StageInfo stage, params StageInfo[] others) =>
        new(Id(tenant, executionId, stage.Id, stage.Status, stage.EndTime), stage.EndTime!.Value,
            Execution(tenant, application, executionId, "RUNNING", stage.StartTime!.Value.AddMinutes(-1), null), stage, others);

    public static CanaryJudged CanaryFailed(string tenant, string application, string judgmentId, string service, string? executionId,
        DateTimeOffset judgedAt, double score = 41) =>
        new(Id(tenant, judgmentId, "canary"), judgmentId, tenant, application, service, "prod-use1", ManifestNamespace, "production",
            "cfg-latency", "checkout-latency", score, score >= 90 ? "Pass" : score >= 75 ? "Marginal" : "Fail", 90, 75, [],
            [new CanaryMetricVerdict("p99-latency", "High", "Higher than the baseline", true)], executionId, null, judgedAt);

    public static DeploymentDegraded Degraded(string tenant, string application, string executionId, string stageId, string cluster,
        string account, string? @namespace, string? version, DateTimeOffset assessedAt) =>
        new(Id(tenant, executionId, stageId, "degraded"), tenant, application, executionId, stageId, cluster, account, null, @namespace, version, 38,
            [new SliImpact("error-rate", "High", 0.01, 0.05, 5, true, "Higher after the deploy")], assessedAt);

    public static ExecutionDurationRegressed Regressed(string tenant, string application, string detectedBy, DateTimeOffset detectedAt) =>
        new(Id(tenant, detectedBy, "regression"), detectedAt, tenant, application, "Deploy to production", null, null, detectedBy, 20, 5,
            300_000, 540_000, 1.8, 0.001);

    private static TaskInfo Task(string id, string name, string status, DateTimeOffset? start, DateTimeOffset? end) =>
        new(id, name, status, status == "NOT_STARTED" ? null : start, status is "NOT_STARTED" or "RUNNING" ? null : end, null);

    private static Guid Id(params string?[] parts) => DeterministicId.FromParts(Namespace, parts);

    private static Guid Id(string tenant, string executionId, string what, string status, DateTimeOffset? at) =>
        Id(tenant, executionId, what, status, at?.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
}
