using Spinnaker.Mesh.Dora.Domain.Classification;
using Spinnaker.Mesh.Dora.Domain.Figures;
using Spinnaker.Mesh.Dora.Domain.Inputs;

namespace Spinnaker.Mesh.Dora.Tests.Domain;

/// <summary>
/// Builds hand-written histories of the application <c>checkout</c>. Time zero is Monday 2026-03-02 00:00Z (ISO week
/// 2026-W10). Accounts: <c>prod-use1</c> → production, <c>prod-euw1</c> → production-eu (both production),
/// <c>staging</c> → staging; anything else is unmapped. A deployment's deploy stage runs from 5 minutes before its
/// deployment time to it; the execution ends a minute later.
/// </summary>
internal static class Scenario
{
    public const string App = "checkout";
    public static readonly DateTimeOffset Monday = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    public static DoraSettings Settings { get; } = new()
    {
        AccountEnvironments = new Dictionary<string, string>
        {
            ["prod-use1"] = "production", ["prod-euw1"] = "production-eu", ["staging"] = "staging",
        },
        ProductionEnvironments = ["production", "production-eu"],
    };

    /// <summary>Day <paramref name="day"/> after Monday 2026-03-02 00:00Z, plus hours and minutes.</summary>
    public static DateTimeOffset At(double day, double hour = 0, double minute = 0) =>
        Monday.AddDays(day).AddHours(hour).AddMinutes(minute);

    public static TriggerObservation Git(string sha) => TriggerObservation.Unknown with { Type = "git", Hash = sha };

    public static TriggerObservation Manual(params (string Key, string Value)[] parameters) => TriggerObservation.Unknown with
    {
        Type = "manual",
        Parameters = parameters.ToDictionary(p => p.Key, p => p.Value),
    };

    public static StageObservation Stage(string type, string account, string status, DateTimeOffset? start, DateTimeOffset? end, string? id = null) =>
        new(id ?? $"{type}-{account}-{start?.ToUnixTimeSeconds()}", type, $"{type} {account}", status, start, end, account, "checkout-main", [], null, []);

    /// <summary>A deploy stage ending at <paramref name="end"/>, started 5 minutes before.</summary>
    public static StageObservation Deploy(DateTimeOffset end, string account = "prod-use1", string status = "SUCCEEDED", string type = "deployManifest") =>
        Stage(type, account, status, end.AddMinutes(-5), end);

    public static StageObservation RollbackStage(DateTimeOffset end, string account = "prod-use1", string status = "SUCCEEDED") =>
        Stage("rollbackServerGroup", account, status, end.AddMinutes(-2), end);

    public static StageObservation Canary(DateTimeOffset start, DateTimeOffset end, string status) =>
        new($"canary-{start.ToUnixTimeSeconds()}", "kayentaCanary", "Canary analysis", status, start, end, null, null, [], null,
            status == "SUCCEEDED" ? [] : ["canary score 42 below marginal 75"]);

    public static ExecutionObservation Execution(string id, string status, TriggerObservation trigger, params StageObservation[] stages)
    {
        var end = stages.Select(s => s.EndTime).Max() ?? Monday;
        return new ExecutionObservation(id, App, "PIPELINE", "Deploy checkout", status,
            stages.Select(s => s.StartTime).Min(), end.AddMinutes(1), end.AddMinutes(1), Guid.NewGuid(), trigger, stages);
    }

    /// <summary>A pipeline deploying <paramref name="sha"/> to <paramref name="account"/>, its deploy stage ending at <paramref name="at"/>.</summary>
    public static ExecutionObservation Deployment(string id, string sha, DateTimeOffset at, string account = "prod-use1") =>
        Execution(id, "SUCCEEDED", Git(sha), Deploy(at, account));

    public static CommitObservation Commit(string sha, DateTimeOffset authoredAt, params string[] parents) =>
        new(sha, parents, authoredAt, "shop/checkout", App);

    public static IncidentObservation Incident(string id, DateTimeOffset startedAt, DateTimeOffset? resolvedAt,
        bool changeCaused = true, string? linkedExecutionId = null) =>
        new(id, App, "pagerduty", changeCaused, linkedExecutionId, startedAt, resolvedAt);

    public static ApplicationClassification Classify(
        IEnumerable<ExecutionObservation> executions,
        IEnumerable<CommitObservation>? commits = null,
        IEnumerable<IncidentObservation>? incidents = null,
        DoraSettings? settings = null) =>
        DoraClassifier.Classify(App, executions, commits ?? [], incidents ?? [], settings ?? Settings);

    public static ClassifiedDeployment Row(this ApplicationClassification classification, string executionId, string? environment = "production") =>
        classification.Deployments.Single(d => d.ExecutionId == executionId && d.Environment == environment);

    /// <summary>The three weeks 2026-W10 .. 2026-W12 as of the Monday after.</summary>
    public static DoraQuery ThreeWeeks(string? environment = null) => new(Monday, Monday.AddDays(21), Monday.AddDays(21), environment);
}
