using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Impact.Assessment;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Contracts.Impact.V1;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Assessment.Service;

/// <summary>
/// The canary-score service as its own process, its metric sources real Prometheus servers: fed ingest's stage ends
/// as ingest publishes them, its policies PUT through the API, its verdicts read over HTTP, and what it publishes
/// (<see cref="DeploymentImpactAssessed"/>, <see cref="DeploymentDegraded"/>) received by the test's bus as another
/// service would receive it.
/// </summary>
internal sealed class ImpactService : IAsyncDisposable
{
    public const string ProductionAccount = "prod-us";
    public const string ProductionNamespace = "payments-prod";

    private IsolatedService _service = null!;

    public Received Messages { get; } = new();
    public IsolatedService Isolated => _service;
    public string Logs => _service?.Logs ?? "";

    /// <param name="sources">Source name → Prometheus base URL; the first is the default.</param>
    public static async Task<ImpactService> StartAsync(IReadOnlyList<(string Name, string Url)> sources, TimeSpan pollInterval)
    {
        var settings = new Dictionary<string, string>
        {
            ["Mesh__Impact__DefaultSource"] = sources[0].Name,
            ["Mesh__Impact__Assessment__PollInterval"] = pollInterval.ToString("c"),
            ["Mesh__Impact__Assessment__QueryDelay"] = "00:00:00",
            ["Mesh__Impact__Assessment__MaxAttempts"] = "2",
            ["Mesh__Impact__Assessment__RetryDelay"] = "00:00:01",
        };
        foreach (var (name, url) in sources)
        {
            settings[$"Mesh__Impact__Sources__{name}__Url"] = url;
            settings[$"Mesh__Impact__Sources__{name}__Timeout"] = "00:00:05";
            settings[$"Mesh__Impact__Sources__{name}__Retries"] = "1";
            settings[$"Mesh__Impact__Sources__{name}__RetryDelay"] = "00:00:00.200";
        }
        var impact = new ImpactService();
        impact._service = await IsolatedService.StartAsync("canary-score", settings,
            subscribers: x =>
            {
                x.AddConsumer<AssessedSubscriber>();
                x.AddConsumer<DegradedSubscriber>();
            },
            services: s => s.AddSingleton(impact.Messages));
        return impact;
    }

    public Task RestartAsync(TimeSpan pollInterval) =>
        _service.RestartAsync(new Dictionary<string, string> { ["Mesh__Impact__Assessment__PollInterval"] = pollInterval.ToString("c") });

    /// <summary>PUTs an application's policy for a tenant (the service checks its queries against the source).</summary>
    public async Task PutPolicyAsync(string tenant, string application, string source, params JsonObject[] slis)
    {
        var policy = new JsonObject
        {
            ["source"] = source,
            ["productionAccounts"] = new JsonArray(ProductionAccount),
            ["productionNamespaces"] = new JsonArray(ProductionNamespace),
            ["settle"] = "00:00:01",
            ["window"] = "00:02:00",
            ["step"] = "00:00:10",
            ["slis"] = new JsonArray([.. slis]),
        };
        using var response = await _service.SendAsync(HttpMethod.Put, $"api/impact-policies/{application}", tenant, JsonContent.Create(policy));
        Assert.That(response.IsSuccessStatusCode, Is.True, $"PUT policy of {application}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static JsonObject Sli(string name, string query, string badDirection, double allowedChangePercent = 10, bool critical = false) => new()
    {
        ["name"] = name, ["query"] = query, ["badDirection"] = badDirection, ["allowedChangePercent"] = allowedChangePercent, ["critical"] = critical,
    };

    /// <summary>Publishes a deploy stage's end as ingest does (MessageId = EventId); returns the event, to publish again.</summary>
    public async Task<StageCompleted> DeployAsync(string tenant, string application, string executionId, DateTimeOffset start, DateTimeOffset end,
        string type = "createServerGroup", string account = ProductionAccount, string? ns = null, string? cluster = null)
    {
        var stage = Stage($"{executionId}-deploy", type, start, end, account, ns, cluster ?? $"{application}-api");
        var e = new StageCompleted(EventId(tenant, executionId, stage.Id), end, Execution(tenant, application, executionId, start), stage, []);
        await PublishAsync(e);
        return e;
    }

    /// <summary>Publishes the execution's end with these stages in its snapshot.</summary>
    public async Task<PipelineCompleted> CompleteAsync(string tenant, string application, string executionId, params StageInfo[] stages)
    {
        var execution = Execution(tenant, application, executionId, stages.Min(s => s.StartTime!.Value)) with { Status = "SUCCEEDED", EndTime = stages.Max(s => s.EndTime) };
        var e = new PipelineCompleted(EventId(tenant, executionId, "completed"), execution.EndTime!.Value, execution, stages);
        await PublishAsync(e);
        return e;
    }

    public static StageInfo Stage(string id, string type, DateTimeOffset start, DateTimeOffset end, string account = ProductionAccount,
        string? ns = null, string? cluster = null, string region = "us-east-1") =>
        new(id, id, type, "Deploy", "SUCCEEDED", start, end, [], null, null, ns is null ? "aws" : "kubernetes", account, ns is null ? [region] : [],
            cluster, null, [], [], null, null, Namespace: ns);

    private static ExecutionInfo Execution(string tenant, string application, string executionId, DateTimeOffset start) =>
        new(tenant, application, executionId, "PIPELINE", "Deploy to production", "deploy", "RUNNING", start - TimeSpan.FromSeconds(10), null,
            new TriggerInfo("manual", "alice@example.com", null, null, null, null, null), null, false, null, null);

    private static Guid EventId(string tenant, string executionId, string what) =>
        EventSourcing.DeterministicId.FromParts(Guid.Parse("9a3c54f0-5b1e-4d3a-8d55-3d8b2f7a1c60"), tenant, executionId, what);

    public Task PublishAsync(IExecutionEvent e) => _service.PublishAsync(e, e.EventId);

    /// <summary>Everything published so far reached the deployment-impact queue and was acknowledged.</summary>
    public Task IdleAsync() => _service.AcknowledgedAsync(DeploymentImpactConsumerDefinition.Queue, _service.Published);

    public Task<HttpResponseMessage> GetAsync(string path, string tenant) => _service.GetAsync(path, tenant);

    public Task<JsonElement> GetJsonAsync(string path, string tenant) => _service.GetJsonAsync(path, tenant);

    /// <summary>Polls the deployment's impact (bounded) until it is no longer pending (or satisfies <paramref name="done"/>).</summary>
    public async Task<JsonElement> ImpactAsync(string tenant, string executionId, Func<JsonElement, bool>? done = null, int seconds = 60)
    {
        var text = await Eventually.GetAsync(async () =>
        {
            using var response = await GetAsync($"api/deployments/{executionId}/impact", tenant);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
        }, json => json is not null && (done ?? (i => i.GetProperty("verdict").GetString() != "pending"))(JsonDocument.Parse(json).RootElement),
            TimeSpan.FromSeconds(seconds), $"the impact of {executionId} in tenant {tenant}\n{Logs}");
        return JsonDocument.Parse(text!).RootElement.Clone();
    }

    /// <summary>Events stored in a deployment's stream, of one alias or all.</summary>
    public Task<long> StoredEventsAsync(string tenant, string executionId, string? alias = null) =>
        _service.CountAsync("SELECT count(*) FROM canary_score.mt_events WHERE tenant_id = $1 AND stream_id = $2 AND ($3 = '' OR type = $3)",
            tenant, DeploymentImpactStreams.StreamId(executionId), alias ?? "");

    /// <summary>Messages of a kind (<c>assessed</c>, <c>degraded</c>) the service committed to publish for a tenant: written with the assessment, so final once it is made.</summary>
    public Task<long> PublicationsAsync(string tenant, string kind) =>
        _service.CountAsync("SELECT count(*) FROM canary_score.deployment_impact_publications WHERE tenant = $1 AND kind = $2", tenant, kind);

    public async ValueTask DisposeAsync()
    {
        if (_service is not null) await _service.DisposeAsync();
    }

    /// <summary>What the service published, as another service receives it.</summary>
    public sealed class Received
    {
        public ConcurrentQueue<ConsumeContext<DeploymentImpactAssessed>> Assessed { get; } = new();
        public ConcurrentQueue<ConsumeContext<DeploymentDegraded>> Degraded { get; } = new();

        public IReadOnlyList<ConsumeContext<DeploymentImpactAssessed>> AssessedOf(string tenant) => [.. Assessed.Where(m => m.Message.Tenant == tenant)];
        public IReadOnlyList<ConsumeContext<DeploymentDegraded>> DegradedOf(string tenant) => [.. Degraded.Where(m => m.Message.Tenant == tenant)];
    }

    public sealed class AssessedSubscriber(Received received) : IConsumer<DeploymentImpactAssessed>
    {
        public Task Consume(ConsumeContext<DeploymentImpactAssessed> context)
        {
            received.Assessed.Enqueue(context);
            return Task.CompletedTask;
        }
    }

    public sealed class DegradedSubscriber(Received received) : IConsumer<DeploymentDegraded>
    {
        public Task Consume(ConsumeContext<DeploymentDegraded> context)
        {
            received.Degraded.Enqueue(context);
            return Task.CompletedTask;
        }
    }
}
