using System.Globalization;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.EventSourcing;

namespace Spinnaker.Mesh.Rollback.Tests.Incidents.Support;

/// <summary>
/// Finished runs of one pipeline as ingest publishes them (<see cref="PipelineCompleted"/>): a Kubernetes deploy of
/// an image, then a soak. A failure fails the deploy stage with Orca's message in the stage and in a task. Event ids
/// are derived as ingest derives them (execution, status, end), so building the same run twice gives the same event.
/// Time zero is 2026-03-02 00:00Z; a run starts ten minutes before it ends.
/// </summary>
internal sealed class PipelineRuns(
    string tenant,
    string application = "payments",
    string? configId = "c142d17d-1f72-47a0-9187-453fc68ccb9e",
    string pipelineName = "Deploy payments-api to production")
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    public const string Image = "ghcr.io/acme/payments-api";
    public const string StageError = "Deployment payments-api failed to progress: ProgressDeadlineExceeded";
    public const string TaskError = "waitForManifestToStabilize timed out after 30 minutes";

    private static readonly Guid EventIds = new("d3c1a2b4-5e6f-4a7b-8c9d-0e1f2a3b4c5d");

    public string Tenant { get; } = tenant;
    public string Application { get; } = application;
    public string? ConfigId { get; } = configId;
    public string PipelineName { get; } = pipelineName;

    public static DateTimeOffset At(double hours) => T0.AddHours(hours);

    /// <summary>A run that deployed <paramref name="version"/> and soaked.</summary>
    public PipelineCompleted Succeeded(string executionId, DateTimeOffset end, string version = "1.4.1", TriggerInfo? trigger = null) =>
        Run(executionId, "SUCCEEDED", end, trigger ?? Manual(version), Deploy(executionId, end, "SUCCEEDED", version), Soak(executionId, end, "SUCCEEDED"));

    /// <summary>A run whose deploy of <paramref name="version"/> ended <paramref name="status"/> with Orca's messages; the soak never ran.</summary>
    public PipelineCompleted Failed(string executionId, DateTimeOffset end, string status = "TERMINAL", string version = "1.4.2",
        TriggerInfo? trigger = null, string? canceledBy = null)
    {
        var stageStatus = status == "STOPPED" ? "STOPPED" : status == "CANCELED" ? "CANCELED" : "TERMINAL";
        return Run(executionId, status, end, trigger ?? Manual(version), Deploy(executionId, end, stageStatus, version), Soak(executionId, end, "NOT_STARTED"),
            canceledBy);
    }

    /// <summary>A run by someone pressing "Start manual execution" with the image tag as parameter.</summary>
    public static TriggerInfo Manual(string version, string user = "bob@example.com") =>
        new("manual", user, null, null, null, null, null, Parameters: new Dictionary<string, string> { ["imageTag"] = version });

    public PipelineCompleted Run(string executionId, string status, DateTimeOffset end, TriggerInfo trigger, StageInfo deploy, StageInfo soak,
        string? canceledBy = null, string executionType = "PIPELINE")
    {
        var execution = new ExecutionInfo(Tenant, Application, executionId, executionType, PipelineName, ConfigId, status,
            end.AddMinutes(-10), end, trigger, null, canceledBy is not null, canceledBy, canceledBy is null ? null : "Wrong image tag");
        var id = DeterministicId.FromParts(EventIds, Tenant, executionId, "pipeline-completed", status,
            end.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        return new PipelineCompleted(id, end, execution, [deploy, soak]);
    }

    public static StageInfo Deploy(string executionId, DateTimeOffset end, string status, string version)
    {
        var failed = status != "SUCCEEDED";
        var tasks = new List<TaskInfo>
        {
            new("1", "deployManifest", "SUCCEEDED", end.AddMinutes(-9), end.AddMinutes(-8), null),
            new("2", "waitForManifestToStabilize", failed ? status : "SUCCEEDED", end.AddMinutes(-8), end.AddMinutes(-4), failed ? TaskError : null),
        };
        return new StageInfo($"{executionId}-deploy", "1", "deployManifest", "Deploy (Manifest)", status, end.AddMinutes(-9), end.AddMinutes(-4),
            [], null, null, "kubernetes", "prod-k8s", [], null, null, failed && status == "TERMINAL" ? [StageError] : [], tasks, null, null,
            Artifacts: [new ArtifactInfo("docker/image", Image, version, $"{Image}:{version}", new Dictionary<string, string>())],
            Namespace: "payments");
    }

    public static StageInfo Soak(string executionId, DateTimeOffset end, string status) =>
        new($"{executionId}-soak", "2", "wait", "Soak", status, status == "NOT_STARTED" ? null : end.AddMinutes(-4),
            status == "NOT_STARTED" ? null : end.AddMinutes(-1), ["1"], null, null, null, null, [], null, null, [], [], null, null);
}
