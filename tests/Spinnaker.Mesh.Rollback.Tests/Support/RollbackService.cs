using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Rollback.Tests.Support;

/// <summary>
/// The rollback service as its own process on a fresh database and virtual host, fed as in production: execution events
/// as ingest publishes them, canary judgments, impact verdicts and regressions as their services publish them. The test's
/// bus also receives everything the service publishes (<see cref="Messages"/>). Queried over HTTP with the tenant header
/// the gateway would set.
/// </summary>
internal sealed class RollbackService : IAsyncDisposable
{
    private IsolatedService _service = null!;

    public IsolatedService Isolated => _service;
    public HttpClient Http => _service.Http;
    public Received Messages { get; } = new();
    public string Logs => _service?.Logs ?? "";

    /// <param name="settings">Environment variables beside the connection strings, e.g. <c>Mesh__Gate__BaseUrl</c>.</param>
    public static async Task<RollbackService> StartAsync(IDictionary<string, string>? settings = null)
    {
        var rollback = new RollbackService();
        var environment = new Dictionary<string, string> { ["Logging__LogLevel__Npgsql"] = "Warning" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        rollback._service = await IsolatedService.StartAsync("rollback", environment,
            subscribers: x =>
            {
                foreach (var type in Received.Contracts) x.AddConsumer(typeof(Subscriber<>).MakeGenericType(type));
            },
            services: s => s.AddSingleton(rollback.Messages));
        return rollback;
    }

    /// <summary>Publishes each message as its publisher does (MessageId = its event id), one after another.</summary>
    public async Task PublishAsync(params object[] messages)
    {
        foreach (var message in messages)
            await _service.PublishAsync(message, message switch
            {
                IExecutionEvent e => e.EventId,
                _ => (Guid)message.GetType().GetProperty("EventId")!.GetValue(message)!,
            });
    }

    public Task RestartAsync(IDictionary<string, string>? settings = null) => _service.RestartAsync(settings);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string tenant, object? body = null) =>
        _service.SendAsync(method, path, tenant,
            body is null ? null : body is string text ? new StringContent(text, Encoding.UTF8, "application/json") : JsonContent.Create(body));

    public Task<JsonElement> GetJsonAsync(string path, string tenant) => _service.GetJsonAsync(path, tenant);

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
        public static readonly Type[] Contracts =
        [
            typeof(RollbackObserved), typeof(IncidentOpened), typeof(IncidentResolved),
            typeof(RollbackProposed), typeof(RollbackNotActionable), typeof(RollbackApproved), typeof(RollbackRejected),
            typeof(RollbackTriggered), typeof(RollbackSucceeded), typeof(RollbackFailed),
        ];

        private readonly ConcurrentQueue<ConsumeContext> _all = new();

        public void Add(ConsumeContext context) => _all.Enqueue(context);

        /// <summary>Every <typeparamref name="T"/> received so far, duplicates included, in arrival order.</summary>
        public IReadOnlyList<T> Of<T>() where T : class =>
            [.. _all.Select(c => c.TryGetMessage<T>(out var m) ? m.Message : null).OfType<T>()];

        /// <summary>Every <typeparamref name="T"/> received so far with the message id it was published under, in arrival order.</summary>
        public IReadOnlyList<(T Message, Guid? MessageId)> WithIds<T>() where T : class =>
            [.. _all.Select(c => c.TryGetMessage<T>(out var m) ? (m.Message, c.MessageId) : default).Where(x => x.Message is not null)];
    }

    public sealed class Subscriber<T>(Received received) : IConsumer<T> where T : class
    {
        public Task Consume(ConsumeContext<T> context)
        {
            received.Add(context);
            return Task.CompletedTask;
        }
    }
}
