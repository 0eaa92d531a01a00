using NUnit.Framework;
using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.EndToEnd.Tests;

/// <summary>
/// An internal service that knows only the contracts package: its own MassTransit bus, configured as the README
/// shows, receives the deployment events Mesh publishes.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_an_internal_service_subscribes_to_deployment_events
{
    private MeshUnderTest _mesh = null!;
    private IHost _subscriber = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _mesh = await MeshUnderTest.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<ReceivedDeployments>();
        builder.Services.AddMassTransit(x =>
        {
            x.AddConsumer<DeploymentFinishedConsumer>();
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(new Uri(_mesh.RabbitMq.ConnectionString));
                cfg.ConfigureEndpoints(context);
            });
        });
        _subscriber = builder.Build();
        await _subscriber.StartAsync();
        await _subscriber.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _subscriber.StopAsync();
        _subscriber.Dispose();
        await _mesh.DisposeAsync();
    }

    [Test]
    public async Task Should_receive_the_pipeline_completed_event_once_it_is_stored()
    {
        const string executionId = "01HZC8E2E0SUBSCR1BER000001";
        await _mesh.ProcessedAsync(await _mesh.AcceptAsync(EchoPayloads.PipelineCompleted(executionId, status: "TERMINAL")));

        var received = _subscriber.Services.GetRequiredService<ReceivedDeployments>();
        var message = await Eventually.GetAsync(
            () => Task.FromResult(received.Messages.FirstOrDefault(m => m.Message.Execution.ExecutionId == executionId)),
            m => m is not null, TimeSpan.FromSeconds(20), "the subscriber to receive PipelineCompleted");

        Assert.That(message!.Message.Execution.Status, Is.EqualTo("TERMINAL"));
        Assert.That(message.Message.Execution.Tenant, Is.EqualTo("default"));
        Assert.That(message.MessageId, Is.EqualTo(message.Message.EventId), "MessageId is the deterministic event id subscribers deduplicate on");
    }

    [Test]
    public async Task Should_receive_stored_events_again_with_the_same_message_id_when_they_are_replayed()
    {
        const string executionId = "01HZC8E2E0SUBSCR1BER000002";
        await _mesh.ProcessedAsync(await _mesh.AcceptAsync(EchoPayloads.PipelineCompleted(executionId)));
        var received = _subscriber.Services.GetRequiredService<ReceivedDeployments>();
        await Eventually.GetAsync(() => Task.FromResult(received.Of(executionId).Count), n => n == 1, TimeSpan.FromSeconds(20), "the first delivery");

        using var replay = await _mesh.PostAsync($"api/ingest/replay?executionId={executionId}");
        var page = System.Text.Json.JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement;

        Assert.That((int)replay.StatusCode, Is.EqualTo(200));
        Assert.That(page.GetProperty("published").GetInt32(), Is.EqualTo(1));
        Assert.That(page.GetProperty("more").GetBoolean(), Is.False);
        var deliveries = await Eventually.GetAsync(() => Task.FromResult(received.Of(executionId)), d => d.Count == 2,
            TimeSpan.FromSeconds(20), "the replayed delivery");
        Assert.That(deliveries.Select(d => d.MessageId).Distinct().Count(), Is.EqualTo(1), "a replay carries the original MessageId");
    }

    public sealed class ReceivedDeployments
    {
        public ConcurrentBag<ConsumeContext<PipelineCompleted>> Messages { get; } = [];

        public List<ConsumeContext<PipelineCompleted>> Of(string executionId) =>
            Messages.Where(m => m.Message.Execution.ExecutionId == executionId).ToList();
    }

    public sealed class DeploymentFinishedConsumer(ReceivedDeployments received) : IConsumer<PipelineCompleted>
    {
        public Task Consume(ConsumeContext<PipelineCompleted> context)
        {
            received.Messages.Add(context);
            return Task.CompletedTask;
        }
    }
}
