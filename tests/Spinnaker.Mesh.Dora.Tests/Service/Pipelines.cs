using System.Text.Json.Nodes;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Dora.Tests.Service;

/// <summary>
/// Terminal execution events as ingest publishes them, and webhook bodies as the gateway receives them. Time zero is
/// Monday 2026-03-02 00:00Z (ISO week 2026-W10). A deploy stage runs the 5 minutes before its end; the execution ends a
/// minute after its last stage.
/// </summary>
internal static class Pipelines
{
    public static readonly DateTimeOffset Monday = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(double day, double hour = 0) => Monday.AddDays(day).AddHours(hour);

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    public static StageInfo Stage(string id, string type, string account, DateTimeOffset end, string status = "SUCCEEDED") =>
        new(id, id, type, $"{type} {account}", status, end.AddMinutes(-5), end, [], null, null, "kubernetes", account, ["us-east-1"],
            "checkout-main", null, [], [], null, null);

    /// <summary>A pipeline run of <paramref name="application"/> triggered by <paramref name="trigger"/>, ending after its stages.</summary>
    public static PipelineCompleted Pipeline(string tenant, string application, string executionId, TriggerInfo trigger, params StageInfo[] stages) =>
        Pipeline(tenant, application, executionId, trigger, Guid.NewGuid(), stages);

    public static PipelineCompleted Pipeline(string tenant, string application, string executionId, TriggerInfo trigger, Guid eventId, params StageInfo[] stages)
    {
        var end = stages.Max(s => s.EndTime)!.Value.AddMinutes(1);
        var execution = new ExecutionInfo(tenant, application, executionId, "PIPELINE", $"Deploy {application}", "cfg-" + application, "SUCCEEDED",
            stages.Min(s => s.StartTime), end, trigger, null, false, null, null);
        return new PipelineCompleted(eventId, end, execution, stages);
    }

    public static TriggerInfo Git(string sha) => new("git", "[anonymous]", null, null, null, null, sha, Branch: "main");

    /// <summary>A manual trigger naming the sha in a parameter (§3.4 step 3), as Jenkins-less teams do.</summary>
    public static TriggerInfo Manual(string parameter, string sha) =>
        new("manual", "alice", null, null, null, null, null, Parameters: new Dictionary<string, string> { [parameter] = sha });

    /// <summary>A deployment of <paramref name="sha"/> to <paramref name="account"/>, its deploy stage ending at <paramref name="at"/>.</summary>
    public static PipelineCompleted Deployment(string tenant, string application, string executionId, string sha, DateTimeOffset at, string account = "prod-use1") =>
        Pipeline(tenant, application, executionId, Git(sha), Stage($"{executionId}-deploy", "deployManifest", account, at));

    /// <summary>A Deck rollback of production, its rollback stage ending at <paramref name="at"/>.</summary>
    public static PipelineCompleted Rollback(string tenant, string application, string executionId, DateTimeOffset at) =>
        Pipeline(tenant, application, executionId, new TriggerInfo("manual", "alice", null, null, null, null, null),
            Stage($"{executionId}-rollback", "rollbackServerGroup", "prod-use1", at));

    /// <summary>The generic commits body: <c>{ application, repository, commits: [{ sha, parents, authoredAt }] }</c>.</summary>
    public static JsonObject GenericCommits(string application, string repository, params (string Sha, string? Parent, string AuthoredAt)[] commits) => new()
    {
        ["application"] = application,
        ["repository"] = repository,
        ["commits"] = new JsonArray([.. commits.Select(c => (JsonNode)new JsonObject
        {
            ["sha"] = c.Sha,
            ["parents"] = c.Parent is null ? new JsonArray() : new JsonArray(c.Parent),
            ["authoredAt"] = c.AuthoredAt,
        })]),
    };

    public static JsonObject Incident(string id, string application, DateTimeOffset startedAt, DateTimeOffset? resolvedAt,
        string? linkedExecutionId = null, bool changeCaused = true) => new()
    {
        ["incidentId"] = id,
        ["application"] = application,
        ["source"] = "pagerduty",
        ["changeCaused"] = changeCaused,
        ["linkedExecutionId"] = linkedExecutionId,
        ["startedAt"] = Iso(startedAt),
        ["resolvedAt"] = resolvedAt is { } r ? Iso(r) : null,
    };
}
