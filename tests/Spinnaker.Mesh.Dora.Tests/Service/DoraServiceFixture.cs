using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using RabbitMQ.Client;
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
    private static readonly MeshService Catalogued = MeshCatalog.Named("dora");

    private TestPostgres _postgres = null!;
    private TestRabbitMq _rabbitMq = null!;
    private MeshProcess _process = null!;
    private IHost _bus = null!;
    private IConnection _raw = null!;

    public HttpClient Http { get; private set; } = null!;
    public Received Messages { get; } = new();
    public string Logs => _process?.Output ?? "";

    public static async Task<DoraServiceFixture> StartAsync()
    {
        var service = new DoraServiceFixture();
        service._postgres = await TestPostgres.CreateAsync();
        service._rabbitMq = await TestRabbitMq.CreateAsync();
        // The service first: it declares its queues and their bindings, so the first publish is routed. Its defaults map
        // prod-use1 to production for every tenant that stores no settings of its own.
        service._process = await Catalogued.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = service._postgres.ConnectionString,
            ["ConnectionStrings__rabbitmq"] = service._rabbitMq.ConnectionString,
            ["Mesh__Dora__Settings__AccountEnvironments__prod-use1"] = "production",
            ["Mesh__Dora__Settings__AccountEnvironments__staging"] = "staging",
            ["Mesh__Dora__BatchTimeLimit"] = "00:00:00.050",
            ["Logging__LogLevel__Npgsql"] = "Warning",
        });
        service.Http = new HttpClient { BaseAddress = service._process.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(service.Messages);
        builder.Services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            x.AddConsumer<DeploymentSubscriber>();
            x.AddConsumer<FailureSubscriber>();
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(new Uri(service._rabbitMq.ConnectionString));
                cfg.Publish<IExecutionEvent>(p => p.Exclude = true);
                cfg.ConfigureEndpoints(context);
            });
        });
        service._bus = builder.Build();
        await service._bus.StartAsync();
        await service.Bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        service._raw = await new ConnectionFactory { Uri = new Uri(service._rabbitMq.ConnectionString) }.CreateConnectionAsync();
        return service;
    }

    private IBusControl Bus => _bus.Services.GetRequiredService<IBusControl>();

    /// <summary>Publishes each event as ingest does, one after another.</summary>
    public async Task PublishAsync(IEnumerable<IExecutionEvent> events)
    {
        foreach (var e in events) await Bus.Publish(e, e.GetType(), p => p.MessageId = e.EventId);
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

    private async Task PublishRawAsync(string exchange, Guid id, JsonObject message)
    {
        await using var channel = await _raw.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties
        {
            ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, MessageId = id.ToString(), AppId = "mesh-gateway",
        };
        await channel.BasicPublishAsync(exchange, "", mandatory: true, properties, Encoding.UTF8.GetBytes(message.ToJsonString()));
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string tenant, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Mesh-Tenant", tenant);
        if (body is not null) request.Content = body is string text ? new StringContent(text, Encoding.UTF8, "application/json") : JsonContent.Create(body);
        return await Http.SendAsync(request);
    }

    public async Task<JsonElement> GetJsonAsync(string path, string tenant)
    {
        using var response = await SendAsync(HttpMethod.Get, path, tenant);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

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
        if (_raw is not null) await _raw.DisposeAsync();
        if (_bus is not null)
        {
            await _bus.StopAsync();
            _bus.Dispose();
        }
        Http?.Dispose();
        if (_process is not null) await _process.DisposeAsync();
        if (_rabbitMq is not null) await _rabbitMq.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
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
