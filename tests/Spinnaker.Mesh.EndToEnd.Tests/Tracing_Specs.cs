extern alias executiontree;
extern alias gateway;
extern alias ingest;

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using NUnit.Framework;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.EndToEnd.Tests;

/// <summary>
/// The gateway, ingest and execution-tree hosted in this process over the real PostgreSQL and RabbitMQ, each
/// exporting its spans to memory. Nothing carries the trace between them but the messages' headers: the broker sits
/// between the gateway and ingest, and again between ingest and execution-tree.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_a_webhook_travels_from_the_gateway_through_ingest_to_the_execution_tree
{
    private const string Token = "tracing-token";
    private const string IngestQueue = "ingest-echo-webhooks";
    private const string ExecutionTreeQueue = "execution-tree";

    private readonly RecordedSpans _spans = new();
    private TestPostgres _postgres = null!;
    private TestRabbitMq _rabbitMq = null!;
    private InProcessHost<ingest::Program> _ingest = null!;
    private InProcessHost<executiontree::Program> _executionTree = null!;
    private InProcessHost<gateway::Program> _gateway = null!;
    private Activity _request = null!;

    [OneTimeSetUp]
    public async Task PostOneWebhook()
    {
        _postgres = await TestPostgres.CreateAsync();
        _rabbitMq = await TestRabbitMq.CreateAsync();
        var infrastructure = new Dictionary<string, string>
        {
            ["ConnectionStrings:postgres"] = _postgres.ConnectionString,
            ["ConnectionStrings:rabbitmq"] = _rabbitMq.ConnectionString,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        // Ingest first: it binds the queue the gateway's exchange feeds.
        _ingest = new InProcessHost<ingest::Program>("ingest", infrastructure, _spans);
        await _ingest.StartReadyAsync();
        _executionTree = new InProcessHost<executiontree::Program>("execution-tree", infrastructure, _spans);
        await _executionTree.StartReadyAsync();
        _gateway = new InProcessHost<gateway::Program>("gateway", new Dictionary<string, string>(infrastructure)
        {
            ["Mesh:Webhooks:Tokens:0:Token"] = Token,
            ["Mesh:Webhooks:Tokens:0:Tenant"] = "default",
        }, _spans);
        var gateway = await _gateway.StartReadyAsync();

        using var post = new HttpRequestMessage(HttpMethod.Post, "webhooks/echo/")
        {
            Content = new StringContent(EchoPayloads.PipelineCompletedWithParallelBranches(), Encoding.UTF8, "application/json"),
        };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await gateway.SendAsync(post);
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());

        // The server span ends (and reaches the exporter) just after the response is written, so it may trail the 202.
        var requests = await Eventually.GetAsync(() => Task.FromResult(_spans.All.Where(s => s.Kind == ActivityKind.Server
                && s.Source.Name == "Microsoft.AspNetCore" && s.GetTagItem("url.path") is "/webhooks/echo/").ToList()),
            found => found.Count > 0, TimeSpan.FromSeconds(10), "the gateway's span of the webhook's request");
        _request = requests.Single();
        // The last span of the path: execution-tree consumed an event ingest published.
        await Eventually.GetAsync(() => Task.FromResult(_spans.InTrace(_request.TraceId)),
            trace => trace.Any(s => IsConsume(s, "ExecutionEventBatchConsumer")), TimeSpan.FromSeconds(30),
            $"execution-tree's consume span in the gateway's trace {_request.TraceId}; spans:\n{_spans.Describe()}");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        // The gateway first, so nothing publishes into services that are stopping.
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_executionTree is not null) await _executionTree.DisposeAsync();
        if (_ingest is not null) await _ingest.DisposeAsync();
        if (_rabbitMq is not null) await _rabbitMq.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }

    [Test]
    public void Should_receive_the_receipt_in_ingest_as_a_child_of_the_gateways_publish()
    {
        var trace = _spans.InTrace(_request.TraceId);
        var publish = trace.Single(s => s.Source.Name == "Spinnaker.Mesh.Gateway" && s.Kind == ActivityKind.Producer);
        var receive = trace.Single(s => IsReceive(s, IngestQueue));

        Assert.That(publish.ParentSpanId, Is.EqualTo(_request.SpanId), "the publish belongs to the webhook's request");
        Assert.That(receive.ParentSpanId, Is.EqualTo(publish.SpanId), "ingest's receive is parented by the gateway's publish");
    }

    [Test]
    public void Should_consume_and_append_in_ingest_within_the_webhooks_trace()
    {
        var trace = _spans.InTrace(_request.TraceId);

        Assert.That(trace.Where(s => IsConsume(s, "EchoWebhookConsumer")), Is.Not.Empty, _spans.Describe());
        Assert.That(trace.Where(s => s.Source.Name == "Npgsql"), Is.Not.Empty, $"ingest's database work is in the trace\n{_spans.Describe()}");
    }

    [Test]
    public void Should_consume_the_normalized_events_in_the_execution_tree_within_the_same_trace()
    {
        var trace = _spans.InTrace(_request.TraceId);

        Assert.That(trace.Where(s => IsReceive(s, ExecutionTreeQueue)), Is.Not.Empty, _spans.Describe());
        Assert.That(trace.Where(s => IsConsume(s, "ExecutionEventBatchConsumer")), Is.Not.Empty, _spans.Describe());
    }

    private static bool IsReceive(Activity span, string queue) =>
        span.Source.Name == "MassTransit" && span.GetTagItem("messaging.operation") is "receive"
        && span.GetTagItem("messaging.destination.name") as string == queue;

    private static bool IsConsume(Activity span, string consumer) =>
        span.Source.Name == "MassTransit" && span.GetTagItem("messaging.operation") is "process"
        && (span.GetTagItem("messaging.masstransit.consumer_type") as string)?.Contains(consumer, StringComparison.Ordinal) == true;
}
