using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Ingest.Tests.Pipeline;

[TestFixture, NonParallelizable]
public sealed class When_Echo_posts_a_pipeline_run_to_ingest
{
    private IngestUnderTest _mesh = null!;

    [OneTimeSetUp]
    public async Task Start() => _mesh = await IngestUnderTest.StartAsync();

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

    private static readonly string[] Types =
    [
        "ingest.pipeline-started.v1", "ingest.stage-started.v1", "ingest.task-completed.v1",
        "ingest.stage-completed.v1", "ingest.pipeline-completed.v1",
    ];

    private string Timeline => $"api/executions/{EchoPayloads.ExecutionId}/events";

    private readonly List<Guid> _receipts = [];

    [Test, Order(1)]
    public async Task Should_make_the_execution_events_readable_in_the_order_they_happened()
    {
        foreach (var body in RunInOrder)
        {
            var receipt = await _mesh.AcceptAsync(body);
            _receipts.Add(receipt);
            var outcome = await _mesh.ProcessedAsync(receipt);
            Assert.That(outcome.GetProperty("eventsAppended").GetInt32(), Is.EqualTo(1), outcome.ToString());
        }

        var timeline = await _mesh.GetJsonAsync(Timeline);

        Assert.That(TypesOf(timeline), Is.EqualTo(Types), _mesh.Logs);
        Assert.That(timeline.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("streamVersion").GetInt64()), Is.EqualTo(new[] { 1L, 2L, 3L, 4L, 5L }));
        var completed = timeline.GetProperty("events")[4].GetProperty("data");
        Assert.That(completed.GetProperty("execution").GetProperty("status").GetString(), Is.EqualTo("SUCCEEDED"));
        Assert.That(completed.GetProperty("execution").GetProperty("tenant").GetString(), Is.EqualTo("default"));
        Assert.That(timeline.GetProperty("nextCursor").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test, Order(2)]
    public async Task Should_append_nothing_when_the_same_webhook_is_posted_again()
    {
        var outcome = await _mesh.ProcessedAsync(await _mesh.AcceptAsync(EchoPayloads.StageCompleted()));

        Assert.That(outcome.GetProperty("status").GetString(), Is.EqualTo("stored"));
        Assert.That(outcome.GetProperty("eventsAppended").GetInt32(), Is.Zero);
        Assert.That(outcome.GetProperty("eventsAlreadyStored").GetInt32(), Is.EqualTo(1));
        Assert.That(await _mesh.ScalarAsync<long>("SELECT count(*) FROM ingest.mt_events"), Is.EqualTo(RunInOrder.Length));
    }

    [Test, Order(3)]
    public async Task Should_page_the_timeline_with_a_cursor()
    {
        var first = await _mesh.GetJsonAsync($"{Timeline}?limit=3");
        var cursor = first.GetProperty("nextCursor").GetString();
        var rest = await _mesh.GetJsonAsync($"{Timeline}?limit=3&after={cursor}");

        Assert.That(TypesOf(first).Concat(TypesOf(rest)), Is.EqualTo(Types));
        Assert.That(rest.GetProperty("nextCursor").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test, Order(4)]
    public async Task Should_build_the_same_timeline_from_shuffled_and_duplicated_deliveries()
    {
        // The other tenant receives the same run backwards, with every event twice: its timeline must read the same.
        var receipts = new List<Guid>();
        foreach (var body in RunInOrder.Reverse().SelectMany(body => new[] { body, body }))
            receipts.Add(await _mesh.AcceptAsync(body, IngestUnderTest.OtherTenantToken));
        foreach (var receipt in receipts) await _mesh.ProcessedAsync(receipt, IngestUnderTest.OtherTenantToken);

        var inOrder = await _mesh.GetJsonAsync(Timeline);
        var shuffled = await _mesh.GetJsonAsync(Timeline, IngestUnderTest.OtherTenantToken);

        Assert.That(Observations(shuffled), Is.EqualTo(Observations(inOrder)));
        Assert.That(await _mesh.ScalarAsync<long>("SELECT count(*) FROM ingest.mt_events WHERE tenant_id = 'other'"), Is.EqualTo(RunInOrder.Length));
    }

    [Test, Order(5)]
    public async Task Should_keep_tenants_apart()
    {
        using var response = await _mesh.SendAsync(HttpMethod.Get, "api/executions/01HZZZZZZZZZZZZZZZZZZZZZZZ/events", IngestUnderTest.OtherTenantToken);
        Assert.That((int)response.StatusCode, Is.EqualTo(404));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test, Order(6)]
    public async Task Should_replay_a_tenants_events_page_by_page_in_the_order_they_were_stored()
    {
        var stored = await _mesh.ScalarAsync<long[]>("SELECT array_agg(seq_id ORDER BY seq_id) FROM ingest.mt_events WHERE tenant_id = 'default'");

        var first = await _mesh.JsonAsync(HttpMethod.Post, "api/ingest/replay?limit=3");
        var rest = await _mesh.JsonAsync(HttpMethod.Post, $"api/ingest/replay?limit=3&afterSeq={first.GetProperty("lastSeq").GetInt64()}");
        var one = await _mesh.JsonAsync(HttpMethod.Post, $"api/ingest/replay?executionId={EchoPayloads.ExecutionId}&afterSeq={stored[3]}");

        Assert.That((first.GetProperty("published").GetInt32(), first.GetProperty("lastSeq").GetInt64(), first.GetProperty("more").GetBoolean()),
            Is.EqualTo((3, stored[2], true)));
        Assert.That((rest.GetProperty("published").GetInt32(), rest.GetProperty("lastSeq").GetInt64(), rest.GetProperty("more").GetBoolean()),
            Is.EqualTo((2, stored[4], false)));
        Assert.That(one.GetProperty("published").GetInt32(), Is.EqualTo(1));
    }

    [Test, Order(2)]
    public async Task Should_keep_in_each_events_headers_the_receipt_it_came_from()
    {
        var receipts = await _mesh.ScalarAsync<string[]>(
            "SELECT array_agg(headers->>'receiptId' ORDER BY seq_id) FROM ingest.mt_events WHERE tenant_id = 'default'");
        // The Echo type and the gateway's receive time agree with the receipt's own row (to the microsecond PostgreSQL keeps).
        var agreeing = await _mesh.ScalarAsync<long>("""
            SELECT count(*) FROM ingest.mt_events e
            JOIN ingest.receipts r ON r.receipt_id = (e.headers->>'receiptId')::uuid
            WHERE e.tenant_id = 'default' AND e.headers->>'echoType' = r.echo_type
              AND abs(extract(epoch FROM (e.headers->>'receivedAt')::timestamptz - r.received_at)) < 0.000002
            """);

        Assert.That(receipts, Is.EqualTo(_receipts.Select(r => r.ToString())), _mesh.Logs);
        Assert.That(agreeing, Is.EqualTo(RunInOrder.Length));
    }

    [TestCase("POST", "api/ingest/replay?limit=0", "limit")]
    [TestCase("POST", "api/ingest/replay?limit=50001", "limit")]
    [TestCase("POST", "api/ingest/replay?limit=many", "limit")]
    [TestCase("POST", "api/ingest/replay?afterSeq=-1", "afterSeq")]
    [TestCase("POST", "api/ingest/replay?afterSeq=last", "afterSeq")]
    [TestCase("GET", "api/ingest/rejections?limit=0", "limit")]
    [TestCase("GET", "api/ingest/rejections?limit=1001", "limit")]
    [TestCase("GET", "api/ingest/rejections?limit=ten", "limit")]
    [TestCase("GET", "api/executions/" + EchoPayloads.ExecutionId + "/events?limit=0", "limit")]
    [TestCase("GET", "api/executions/" + EchoPayloads.ExecutionId + "/events?limit=5001", "limit")]
    [TestCase("GET", "api/executions/" + EchoPayloads.ExecutionId + "/events?limit=all", "limit")]
    [TestCase("GET", "api/executions/" + EchoPayloads.ExecutionId + "/events?after=3", "after")]
    public async Task Should_answer_400_problem_json_naming_the_query_parameter(string method, string path, string field)
    {
        using var response = await _mesh.SendAsync(new HttpMethod(method), path);
        var text = await response.Content.ReadAsStringAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(400), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { field }), text);
    }

    [TestCase("api/executions/" + EchoPayloads.ExecutionId + "/events?limit=5000")]
    [TestCase("api/ingest/rejections?limit=1000")]
    public async Task Should_accept_the_largest_limit(string path)
    {
        using var response = await _mesh.SendAsync(HttpMethod.Get, path);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }

    private static IEnumerable<string> TypesOf(JsonElement timeline) =>
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
