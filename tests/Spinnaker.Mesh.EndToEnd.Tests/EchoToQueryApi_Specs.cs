using NUnit.Framework;
using System.Text.Json;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.EndToEnd.Tests;

[TestFixture, NonParallelizable]
public sealed class When_Echo_posts_a_pipeline_run_through_the_gateway
{
    private MeshUnderTest _mesh = null!;

    [OneTimeSetUp]
    public async Task Start() => _mesh = await MeshUnderTest.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _mesh.DisposeAsync();

    private static readonly string[] RunInOrder =
    [
        EchoPayloads.PipelineStarting(),
        EchoPayloads.StageStarting(),
        EchoPayloads.TaskCompleted(),
        EchoPayloads.StageCompleted(),
        EchoPayloads.PipelineCompleted(),
    ];

    [Test, Order(1)]
    public async Task Should_make_the_execution_events_readable_in_the_order_they_happened()
    {
        foreach (var body in RunInOrder) await _mesh.ProcessedAsync(await _mesh.AcceptAsync(body));

        var timeline = await _mesh.GetJsonAsync($"api/executions/{EchoPayloads.ExecutionId}/events");

        Assert.That(Types(timeline), Is.EqualTo(new[]
        {
            "ingest.pipeline-started.v1", "ingest.stage-started.v1", "ingest.task-completed.v1",
            "ingest.stage-completed.v1", "ingest.pipeline-completed.v1",
        }), _mesh.Logs);
        var completed = timeline.GetProperty("events")[4].GetProperty("data");
        Assert.That(completed.GetProperty("execution").GetProperty("status").GetString(), Is.EqualTo("SUCCEEDED"));
        Assert.That(completed.GetProperty("execution").GetProperty("application").GetString(), Is.EqualTo(EchoPayloads.Application));
        Assert.That(completed.GetProperty("execution").GetProperty("tenant").GetString(), Is.EqualTo("default"));
    }

    [Test, Order(2)]
    public async Task Should_append_nothing_when_the_same_webhook_is_posted_again()
    {
        var receipt = await _mesh.AcceptAsync(EchoPayloads.StageCompleted());
        var outcome = await _mesh.ProcessedAsync(receipt);

        Assert.That(outcome.GetProperty("status").GetString(), Is.EqualTo("stored"));
        Assert.That(outcome.GetProperty("eventsAppended").GetInt32(), Is.Zero);
        Assert.That(outcome.GetProperty("eventsAlreadyStored").GetInt32(), Is.EqualTo(1));
        var timeline = await _mesh.GetJsonAsync($"api/executions/{EchoPayloads.ExecutionId}/events");
        Assert.That(timeline.GetProperty("events").GetArrayLength(), Is.EqualTo(RunInOrder.Length));
    }

    [Test, Order(3)]
    public async Task Should_build_the_same_timeline_from_shuffled_and_duplicated_deliveries()
    {
        // The other tenant receives the same run backwards, with every event twice: its timeline must read the same.
        var deliveries = RunInOrder.Reverse().SelectMany(body => new[] { body, body }).ToList();
        var receipts = new List<Guid>();
        foreach (var body in deliveries) receipts.Add(await _mesh.AcceptAsync(body, MeshUnderTest.OtherTenantToken));
        foreach (var receipt in receipts) await _mesh.ProcessedAsync(receipt, MeshUnderTest.OtherTenantToken);

        var inOrder = await _mesh.GetJsonAsync($"api/executions/{EchoPayloads.ExecutionId}/events");
        var shuffled = await _mesh.GetJsonAsync($"api/executions/{EchoPayloads.ExecutionId}/events", MeshUnderTest.OtherTenantToken);

        Assert.That(Observations(shuffled), Is.EqualTo(Observations(inOrder)));
    }

    [Test, Order(4)]
    public async Task Should_keep_tenants_apart()
    {
        using var response = await _mesh.GetAsync("api/executions/01HZZZZZZZZZZZZZZZZZZZZZZZ/events", MeshUnderTest.OtherTenantToken);
        Assert.That((int)response.StatusCode, Is.EqualTo(404));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Should_record_a_webhook_that_cannot_be_normalized_as_a_rejection()
    {
        // A stage event that carries its execution but not the stage id: accepted by the gateway (it is an Echo event),
        // but ingest cannot tell which of the execution's stages it is about.
        var body = """
            {"details":{"source":"orca","type":"orca:stage:complete","created":"1715698800000","application":"checkout"},
             "content":{"executionId":"01HZB0K7QX4N2M8P6R3T5V9ZZZ","context":{},"startTime":1715698800000,"endTime":1715698801000,
                        "execution":{"type":"PIPELINE","id":"01HZB0K7QX4N2M8P6R3T5V9ZZZ","application":"checkout","status":"RUNNING","stages":[]}}}
            """;
        var receipt = await _mesh.AcceptAsync(body);

        var outcome = await _mesh.ProcessedAsync(receipt);
        Assert.That(outcome.GetProperty("status").GetString(), Is.EqualTo("rejected"));
        var rejections = await _mesh.GetJsonAsync("api/ingest/rejections?limit=10");
        var listed = rejections.GetProperty("rejections").EnumerateArray().Single(r => r.GetProperty("receiptId").GetGuid() == receipt);
        Assert.That(listed.GetProperty("reason").GetString(), Does.Contain("stageId"));
        var stored = await _mesh.GetJsonAsync($"api/ingest/rejections/{receipt}/event");
        Assert.That(stored.GetProperty("content").GetProperty("executionId").GetString(), Is.EqualTo("01HZB0K7QX4N2M8P6R3T5V9ZZZ"));
    }

    private static IEnumerable<string> Types(JsonElement timeline) =>
        timeline.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()!);

    /// <summary>What an event says happened, without the tenant-specific ids.</summary>
    private static IEnumerable<string> Observations(JsonElement timeline) =>
        timeline.GetProperty("events").EnumerateArray().Select(e =>
        {
            var data = e.GetProperty("data");
            var stage = data.TryGetProperty("stage", out var s) ? s.GetProperty("id").GetString() : null;
            var status = data.GetProperty("execution").GetProperty("status").GetString();
            return $"{e.GetProperty("type").GetString()}|{e.GetProperty("occurredAt").GetString()}|{stage}|{status}";
        });
}
