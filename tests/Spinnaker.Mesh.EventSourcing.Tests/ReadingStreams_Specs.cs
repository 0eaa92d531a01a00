using Marten;
using NUnit.Framework;
using Spinnaker.Mesh.EventSourcing.Tests.Support;

namespace Spinnaker.Mesh.EventSourcing.Tests;

public sealed class When_reading_a_stream_back : MartenSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();

    [OneTimeSetUp]
    public async Task Append() => await AppendAsync(
        TestEvents.Started(Tenant, _streamId, "build"),
        TestEvents.Completed(Tenant, _streamId, "build"),
        TestEvents.Started(Tenant, _streamId, "deploy"),
        TestEvents.Completed(Tenant, _streamId, "deploy", "TERMINAL"));

    [Test]
    public async Task Should_fetch_the_events_in_version_order_as_their_registered_types()
    {
        var events = await Store.QuerySession(Tenant).Events.FetchStreamAsync(_streamId);
        Assert.That(events.Select(e => e.Version), Is.EqualTo(new[] { 1L, 2L, 3L, 4L }));
        Assert.That(events[3].Data, Is.EqualTo(new StageCompleted("deploy", "TERMINAL")));
        Assert.That(events.Select(e => e.EventTypeName), Is.EqualTo(new[]
            { TestEvents.StageStartedAlias, TestEvents.StageCompletedAlias, TestEvents.StageStartedAlias, TestEvents.StageCompletedAlias }));
    }

    [Test]
    public async Task Should_fetch_up_to_a_version()
    {
        var events = await Store.QuerySession(Tenant).Events.FetchStreamAsync(_streamId, version: 2);
        Assert.That(events.Select(e => e.Version), Is.EqualTo(new[] { 1L, 2L }));
    }

    [Test]
    public async Task Should_aggregate_the_stream_and_stop_at_a_version()
    {
        var session = Store.QuerySession(Tenant);
        var all = await session.Events.AggregateStreamAsync<ExecutionState>(_streamId);
        var early = await session.Events.AggregateStreamAsync<ExecutionState>(_streamId, version: 3);

        Assert.That(all!.Stages, Is.EquivalentTo(new Dictionary<string, string> { ["build"] = "SUCCEEDED", ["deploy"] = "TERMINAL" }));
        Assert.That(early!.Stages, Is.EquivalentTo(new Dictionary<string, string> { ["build"] = "SUCCEEDED", ["deploy"] = "RUNNING" }));
    }

    [Test]
    public async Task Should_aggregate_nothing_for_a_missing_stream_or_another_tenants()
    {
        Assert.That(await Store.QuerySession(Tenant).Events.AggregateStreamAsync<ExecutionState>(TestEvents.NewStreamId()), Is.Null);
        Assert.That(await Store.QuerySession(OtherTenant).Events.AggregateStreamAsync<ExecutionState>(_streamId), Is.Null);
    }

    [Test]
    public async Task Should_store_the_alias_and_camel_case_json_not_the_clr_type()
    {
        var json = await ScalarAsync<string>($"SELECT data::text FROM {Schema}.mt_events WHERE stream_id = $1 AND version = 4", _streamId);
        var type = await ScalarAsync<string>($"SELECT type FROM {Schema}.mt_events WHERE stream_id = $1 AND version = 4", _streamId);
        Assert.That(json, Does.Contain("\"stageId\": \"deploy\"").And.Contain("\"status\": \"TERMINAL\""));
        Assert.That(type, Is.EqualTo(TestEvents.StageCompletedAlias));
    }
}
