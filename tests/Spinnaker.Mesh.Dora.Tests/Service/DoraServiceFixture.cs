using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Dora.V1;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Dora.Tests.Service;

/// <summary>
/// The DORA service as its own process on a fresh database and virtual host, fed as in production: terminal execution
/// events published by a MassTransit bus of the test as ingest publishes them (MessageId = EventId), commits and
/// incidents published raw to <c>mesh.commit-webhooks</c> and <c>mesh.incident-webhooks</c> as the gateway publishes
/// them. The same bus consumes the service's <see cref="DeploymentRecorded"/> and <see cref="ChangeFailureDetected"/>.
/// Queried over HTTP with the tenant header the gateway would set.
/// </summary>
internal sealed class DoraServiceFixture : IAsyncDisposable
{
    private IsolatedService _service = null!;

    public HttpClient Http => _service.Http;
    public Received Messages { get; } = new();
    public string Logs => _service?.Logs ?? "";

    public static async Task<DoraServiceFixture> StartAsync()
    {
        var dora = new DoraServiceFixture();
        // Its defaults map prod-use1 to production for every tenant that stores no settings of its own.
        dora._service = await IsolatedService.StartAsync("dora",
            new Dictionary<string, string>
            {
                ["Mesh__Dora__Settings__AccountEnvironments__prod-use1"] = "production",
                ["Mesh__Dora__Settings__AccountEnvironments__staging"] = "staging",
                ["Mesh__Dora__BatchTimeLimit"] = "00:00:00.050",
                ["Logging__LogLevel__Npgsql"] = "Warning",
            },
            subscribers: x =>
            {
                x.AddConsumer<DeploymentSubscriber>();
                x.AddConsumer<FailureSubscriber>();
            },
            services: s => s.AddSingleton(dora.Messages));
        return dora;
    }

    /// <summary>Publishes each event as ingest does, one after another.</summary>
    public async Task PublishAsync(IEnumerable<IExecutionEvent> events)
    {
        foreach (var e in events) await _service.PublishAsync(e, e.EventId);
    }

    /// <summary>A commits receipt as the gateway publishes it after <c>POST /webhooks/{github|gitlab|commits}</c>.</summary>
    public Task PostCommitsAsync(string tenant, string source, JsonNode body, Guid? receiptId = null)
    {
        var id = receiptId ?? Guid.CreateVersion7();
        var message = new JsonObject
        {
            ["receiptId"] = id, ["tenant"] = tenant, ["receivedAt"] = DateTimeOffset.UtcNow, ["source"] = source, ["body"] = body,
        };
        return PublishRawAsync("mesh.commit-webhooks", id, message);
    }

    /// <summary>An incident receipt as the gateway publishes it after <c>POST /webhooks/incidents</c>.</summary>
    public Task PostIncidentAsync(string tenant, JsonNode incident, DateTimeOffset receivedAt)
    {
        var id = Guid.CreateVersion7();
        var message = new JsonObject { ["receiptId"] = id, ["tenant"] = tenant, ["receivedAt"] = receivedAt, ["incident"] = incident };
        return PublishRawAsync("mesh.incident-webhooks", id, message);
    }

    private Task PublishRawAsync(string exchange, Guid id, JsonObject message) =>
        _service.PublishRawAsync(exchange, id, Encoding.UTF8.GetBytes(message.ToJsonString()));

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string tenant, object? body = null) =>
        _service.SendAsync(method, path, tenant,
            body is null ? null : body is string text ? new StringContent(text, Encoding.UTF8, "application/json") : JsonContent.Create(body));

    public Task<JsonElement> GetJsonAsync(string path, string tenant) => _service.GetJsonAsync(path, tenant);

    /// <summary>Stores a tenant's settings; fails the test unless the PUT succeeds.</summary>
    public async Task PutSettingsAsync(string tenant, object settings)
    {
        using var response = await SendAsync(HttpMethod.Put, "api/dora/settings", tenant, settings);
        Assert.That(response.IsSuccessStatusCode, Is.True, $"PUT settings: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Polls (bounded) until <paramref name="path"/> answers something <paramref name="done"/> accepts.</summary>
    public async Task<JsonElement> UntilAsync(string path, string tenant, Func<JsonElement, bool> done, string what) =>
        await Eventually.GetAsync(() => GetJsonAsync(path, tenant), done, TimeSpan.FromSeconds(60), $"{what} at {path}\n{Logs}");

    public async ValueTask DisposeAsync()
    {
        if (_service is not null) await _service.DisposeAsync();
    }

    /// <summary>What the service published, as another service would receive it (it knows the contracts only).</summary>
    public sealed class Received
    {
        public ConcurrentQueue<ConsumeContext<DeploymentRecorded>> Deployments { get; } = new();
        public ConcurrentQueue<ConsumeContext<ChangeFailureDetected>> Failures { get; } = new();
    }

    public sealed class DeploymentSubscriber(Received received) : IConsumer<DeploymentRecorded>
    {
        public Task Consume(ConsumeContext<DeploymentRecorded> context)
        {
            received.Deployments.Enqueue(context);
            return Task.CompletedTask;
        }
    }

    public sealed class FailureSubscriber(Received received) : IConsumer<ChangeFailureDetected>
    {
        public Task Consume(ConsumeContext<ChangeFailureDetected> context)
        {
            received.Failures.Enqueue(context);
            return Task.CompletedTask;
        }
    }
}
