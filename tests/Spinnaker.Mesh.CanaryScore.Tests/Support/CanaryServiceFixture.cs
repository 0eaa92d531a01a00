using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Spinnaker.Mesh.CanaryScore.Consumers;
using Spinnaker.Mesh.Contracts.Canary.V1;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Support;

/// <summary>
/// The canary-score service as its own process on a fresh database and virtual host. It is fed as in production:
/// normalized execution events published by a MassTransit bus of the test as ingest publishes them (MessageId =
/// EventId), and Kayenta statuses published raw to <c>mesh.kayenta-webhooks</c> as the gateway publishes them. The same
/// bus consumes the service's <see cref="CanaryJudged"/> and <see cref="CanaryTrendChanged"/>. Queried over HTTP with
/// the tenant header the gateway would set.
/// </summary>
internal sealed class CanaryServiceFixture : IAsyncDisposable
{
    public const string ProductionAccount = "prod-us";

    private IsolatedService _service = null!;

    public HttpClient Http => _service.Http;
    public NpgsqlDataSource Database => _service.Database;
    public Received Messages { get; } = new();
    public string Logs => _service?.Logs ?? "";

    public static async Task<CanaryServiceFixture> StartAsync()
    {
        var canary = new CanaryServiceFixture();
        canary._service = await IsolatedService.StartAsync("canary-score",
            new Dictionary<string, string> { [$"Mesh__CanaryScore__AccountEnvironments__{ProductionAccount}"] = "production" },
            subscribers: x =>
            {
                x.AddConsumer<JudgmentSubscriber>();
                x.AddConsumer<TrendSubscriber>();
            },
            services: s => s.AddSingleton(canary.Messages));
        return canary;
    }

    /// <summary>Publishes each event as ingest does, one after another.</summary>
    public async Task PublishAsync(IEnumerable<IExecutionEvent> events)
    {
        foreach (var e in events) await _service.PublishAsync(e, e.EventId);
    }

    /// <summary>
    /// Publishes a Kayenta status as the gateway does after a <c>POST /webhooks/kayenta</c>: raw JSON receipt,
    /// persistent, mandatory, MessageId = receipt id, confirmed by the broker. Returns the receipt id.
    /// </summary>
    public async Task<Guid> PostKayentaAsync(string tenant, JsonObject status, Guid? receiptId = null)
    {
        var id = receiptId ?? Guid.CreateVersion7();
        await _service.PublishRawAsync(KayentaCanaryConsumerDefinition.GatewayExchange, id, KayentaStatuses.RawMessage(id, tenant, status));
        return id;
    }

    public Task<HttpResponseMessage> GetAsync(string path, string tenant) => _service.GetAsync(path, tenant);

    public Task<JsonElement> GetJsonAsync(string path, string tenant) => _service.GetJsonAsync(path, tenant);

    /// <summary>Polls <c>GET /api/canary/scores/{id}</c> (bounded) until the run satisfies <paramref name="done"/>.</summary>
    public async Task<JsonElement> JudgmentAsync(string tenant, string judgmentId, Func<JsonElement, bool>? done = null, string? what = null)
    {
        var text = await Eventually.GetAsync(async () =>
        {
            using var response = await GetAsync($"api/canary/scores/{Uri.EscapeDataString(judgmentId)}", tenant);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
        }, json => json is not null && (done?.Invoke(JsonDocument.Parse(json).RootElement) ?? true), TimeSpan.FromSeconds(30),
            $"{what ?? $"canary run {judgmentId}"} of tenant {tenant}\n{Logs}");
        return JsonDocument.Parse(text!).RootElement.Clone();
    }

    /// <summary>Polls a list endpoint until it answers <paramref name="count"/> items under <paramref name="member"/>.</summary>
    public async Task<JsonElement> ListAsync(string path, string tenant, string member, int count) =>
        await Eventually.GetAsync(() => GetJsonAsync(path, tenant), list => list.GetProperty(member).GetArrayLength() >= count,
            TimeSpan.FromSeconds(30), $"{count} {member} at {path}\n{Logs}");

    /// <summary>The events stored in a canary run's stream (all sources).</summary>
    public Task<long> StoredEventsAsync(string tenant, string streamId) =>
        _service.CountAsync("SELECT count(*) FROM canary_score.mt_events WHERE tenant_id = $1 AND stream_id = $2", tenant, streamId);

    /// <summary>Waits (bounded) until the service acknowledged <paramref name="acks"/> messages on a queue, as the broker's statistics report it.</summary>
    public Task AcknowledgedAsync(string queue, long acks) => _service.AcknowledgedAsync(queue, acks);

    /// <summary>How many Kayenta statuses this fixture published: what the service must have acknowledged once idle.</summary>
    public long KayentaPublished => _service.RawPublished;

    public async ValueTask DisposeAsync()
    {
        if (_service is not null) await _service.DisposeAsync();
    }

    /// <summary>What the service published, as another service would receive it (it knows the contracts only).</summary>
    public sealed class Received
    {
        public ConcurrentQueue<ConsumeContext<CanaryJudged>> Judgments { get; } = new();
        public ConcurrentQueue<ConsumeContext<CanaryTrendChanged>> Trends { get; } = new();

        public IReadOnlyList<ConsumeContext<CanaryJudged>> JudgmentsOf(string tenant) => [.. Judgments.Where(j => j.Message.Tenant == tenant)];
        public IReadOnlyList<ConsumeContext<CanaryTrendChanged>> TrendsOf(string tenant) => [.. Trends.Where(j => j.Message.Tenant == tenant)];
    }

    public sealed class JudgmentSubscriber(Received received) : IConsumer<CanaryJudged>
    {
        public Task Consume(ConsumeContext<CanaryJudged> context)
        {
            received.Judgments.Enqueue(context);
            return Task.CompletedTask;
        }
    }

    public sealed class TrendSubscriber(Received received) : IConsumer<CanaryTrendChanged>
    {
        public Task Consume(ConsumeContext<CanaryTrendChanged> context)
        {
            received.Trends.Enqueue(context);
            return Task.CompletedTask;
        }
    }
}
