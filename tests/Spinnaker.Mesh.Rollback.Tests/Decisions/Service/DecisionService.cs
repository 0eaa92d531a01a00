using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Canary.V1;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Contracts.ExecutionTree.V1;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Contracts.Impact.V1;
using Spinnaker.Mesh.Rollback.Decisions;
using Spinnaker.Mesh.Rollback.Deployments;
using Spinnaker.Mesh.Rollback.Signals;
using Spinnaker.Mesh.Rollback.Tests.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Rollback.Tests.Decisions.Service;

/// <summary>
/// One rollback process for the decision specs, its policies configured through the environment as an operator would
/// (<c>Mesh__Rollback__Policies__{application}__...</c>); each fixture keeps to a tenant of its own.
/// <list type="bullet">
/// <item><c>checkout</c>: confirm, every trigger, Kubernetes rollback pipeline parameters.</item>
/// <item><c>payments</c>: auto, every trigger, server-group rollback pipeline parameters.</item>
/// <item><c>search</c>: disabled. <c>billing</c>: confirm, canaryFail only. Any other application: no policy.</item>
/// </list>
/// </summary>
[SetUpFixture]
public sealed class DecisionService
{
    public const string CheckoutPipeline = "Rollback checkout";
    public const string PaymentsPipeline = "Rollback payments";

    internal static RollbackService Subject { get; private set; } = null!;

    private static readonly ConcurrentDictionary<string, long> Published = new();

    [OneTimeSetUp]
    public async Task Start()
    {
        var settings = new Dictionary<string, string> { ["Logging__LogLevel__Spinnaker.Mesh.Rollback"] = "Debug" };
        void Policy(string application, string mode, string pipeline, IReadOnlyList<string> triggers, IReadOnlyDictionary<string, string> parameters,
            bool enabled = true)
        {
            var prefix = $"Mesh__Rollback__Policies__{application}__";
            settings[prefix + "Enabled"] = enabled ? "true" : "false";
            settings[prefix + "Mode"] = mode;
            for (var i = 0; i < triggers.Count; i++) settings[$"{prefix}Triggers__{i}"] = triggers[i];
            settings[prefix + "RollbackPipeline__Application"] = application;
            settings[prefix + "RollbackPipeline__PipelineNameOrId"] = pipeline;
            foreach (var (name, value) in parameters) settings[$"{prefix}RollbackPipeline__Parameters__{name}"] = value;
            settings[prefix + "CooldownMinutes"] = "30";
        }
        string[] all = ["canaryFail", "deploymentDegraded", "pipelineFailedAfterDeploy", "durationRegression"];
        Policy("checkout", "confirm", CheckoutPipeline, all, new Dictionary<string, string>
        {
            ["manifest"] = "${cluster}",
            ["account"] = "${account}",
            ["namespace"] = "${namespace}",
            ["image"] = "registry.example.com/checkout-api:${toVersion}",
            ["failedExecution"] = "${executionId}",
        });
        Policy("payments", "auto", PaymentsPipeline, all, new Dictionary<string, string>
        {
            ["serverGroup"] = "${toVersion}",
            ["rolledBack"] = "${fromVersion}",
            ["region"] = "${region}",
            ["account"] = "${account}",
        });
        Policy("search", "auto", "Rollback search", all, new Dictionary<string, string>(), enabled: false);
        Policy("billing", "confirm", "Rollback billing", ["canaryFail"], new Dictionary<string, string>());
        Subject = await RollbackService.StartAsync(settings);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (Subject is not null) await Subject.DisposeAsync();
    }

    /// <summary>Publishes as the producing services do, counting what each of the decisions' queues must acknowledge.</summary>
    public static async Task PublishAsync(params object[] messages)
    {
        foreach (var message in messages)
        {
            await Subject.PublishAsync(message);
            foreach (var queue in QueuesOf(message)) Published.AddOrUpdate(queue, 1, (_, n) => n + 1);
        }
    }

    private static IEnumerable<string> QueuesOf(object message)
    {
        if (message is StageCompleted or PipelineCompleted or OrchestrationCompleted) yield return DeploymentHistoryDefinition<StageCompleted>.Queue;
        if (message is PipelineCompleted) yield return FailedPipelineConsumer.Queue;
        if (message is CanaryJudged) yield return CanaryFailConsumer.Queue;
        if (message is DeploymentDegraded) yield return DeploymentDegradedConsumer.Queue;
        if (message is ExecutionDurationRegressed) yield return DurationRegressionConsumer.Queue;
    }

    /// <summary>Waits (bounded) until every decisions queue acknowledged all this fixture set published to it.</summary>
    public static async Task IdleAsync()
    {
        foreach (var (queue, count) in Published.ToArray()) await Subject.Isolated.AcknowledgedAsync(queue, count);
    }

    /// <summary>Waits (bounded) until the history holds <paramref name="stages"/> target rows of the execution.</summary>
    public static async Task RecordedAsync(string tenant, string executionId, long stages = 1) =>
        await Eventually.GetAsync(
            () => Subject.Isolated.CountAsync("SELECT count(*) FROM rollback.deployment_stages WHERE tenant = $1 AND execution_id = $2", tenant, executionId),
            n => n >= stages, TimeSpan.FromSeconds(30), $"{stages} deployment rows of {executionId}\n{Subject.Logs}");

    /// <summary>Polls <c>GET /api/rollbacks/proposals/{id}</c> (bounded) until it answers a decision <paramref name="done"/> accepts.</summary>
    public static async Task<JsonElement> DecisionAsync(string tenant, string decisionId, Func<JsonElement, bool>? done = null, string? what = null)
    {
        var text = await Eventually.GetAsync(async () =>
        {
            using var response = await Subject.SendAsync(HttpMethod.Get, $"api/rollbacks/proposals/{decisionId}", tenant);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
        }, json => json is not null && (done?.Invoke(JsonDocument.Parse(json).RootElement) ?? true), TimeSpan.FromSeconds(60),
            $"{what ?? $"decision {decisionId}"} of tenant {tenant}\n{Subject.Logs}");
        return JsonDocument.Parse(text!).RootElement.Clone();
    }

    /// <summary>Waits (bounded) for the first <typeparamref name="T"/> the service published with <paramref name="match"/>.</summary>
    public static async Task<T> PublishedAsync<T>(Func<T, bool> match, string what) where T : class =>
        (await Eventually.GetAsync(() => Task.FromResult(Subject.Messages.Of<T>().Where(match).ToList()), m => m.Count > 0,
            TimeSpan.FromSeconds(60), $"{what}\n{Subject.Logs}"))[0];

    /// <summary>
    /// The steps of deciding stored in a decision's stream (proposed, not actionable, approved, rejected), leaving out
    /// what carrying out an approved decision appends after them.
    /// </summary>
    public static Task<long> StoredStepsAsync(string tenant, string decisionId) =>
        Subject.Isolated.CountAsync($"SELECT count(*) FROM rollback.mt_events WHERE tenant_id = $1 AND stream_id = $2 AND type IN ({DecidingSteps})",
            tenant, DecisionStreams.StreamKey(decisionId));

    /// <summary>The stored aliases of the steps of deciding, as SQL literals.</summary>
    public static readonly string DecidingSteps = string.Join(", ", DecisionStreams.Events
        .Where(e => e.Type == typeof(RollbackProposed) || e.Type == typeof(RollbackNotActionable) || e.Type == typeof(RollbackApproved)
                    || e.Type == typeof(RollbackRejected))
        .Select(e => $"'{e.Alias}'"));

    /// <summary>How many decisions the tenant has.</summary>
    public static Task<long> DecisionsAsync(string tenant) =>
        Subject.Isolated.CountAsync("SELECT count(*) FROM rollback.mt_streams WHERE tenant_id = $1 AND id LIKE 'rollback-decision:%'", tenant);

    /// <summary>An approve or reject call, with <c>X-Mesh-User</c> when <paramref name="user"/> is given.</summary>
    public static async Task<HttpResponseMessage> ActAsync(string tenant, string decisionId, string verb, string? user, object? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/rollbacks/proposals/{decisionId}/{verb}")
        {
            Content = body switch
            {
                null => null,
                string text => new StringContent(text, System.Text.Encoding.UTF8, "application/json"),
                _ => JsonContent.Create(body),
            },
        };
        request.Headers.Add("X-Mesh-Tenant", tenant);
        if (user is not null) request.Headers.Add("X-Mesh-User", user);
        return await Subject.Http.SendAsync(request);
    }

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
