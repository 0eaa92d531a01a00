using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.EventStore.Tests.Support;

namespace Spinnaker.Mesh.EventStore.Tests;

public sealed class When_fetching_a_stream : EventStoreSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();
    private readonly ReceiptMetadata _metadata = new(Guid.CreateVersion7(), "stage");

    [OneTimeSetUp]
    public async Task Given_a_stream_of_ten_events()
    {
        var session = Store.OpenSession();
        session.Append(Tenant, _streamId, TestEvents.StreamType, 0,
            Enumerable.Range(1, 10).Select(i => i % 2 == 1 ? TestEvents.Started($"s{i}", _metadata) : TestEvents.Completed($"s{i - 1}")));
        await session.SaveChangesAsync();
    }

    [Test]
    public async Task Should_return_the_versions_within_inclusive_bounds()
    {
        var events = await Store.FetchStreamAsync(Tenant, _streamId, fromVersion: 3, toVersion: 6);
        Assert.That(events.Select(e => e.Version), Is.EqualTo(new long[] { 3, 4, 5, 6 }));
    }

    [Test]
    public async Task Should_honour_a_lower_or_an_upper_bound_alone()
    {
        var from = await Store.FetchStreamAsync(Tenant, _streamId, fromVersion: 9);
        var to = await Store.FetchStreamAsync(Tenant, _streamId, toVersion: 2);

        Assert.That(from.Select(e => e.Version), Is.EqualTo(new long[] { 9, 10 }));
        Assert.That(to.Select(e => e.Version), Is.EqualTo(new long[] { 1, 2 }));
    }

    [Test]
    public async Task Should_deserialize_data_to_the_registered_types()
    {
        var events = await Store.FetchStreamAsync(Tenant, _streamId, toVersion: 2);

        Assert.That(events[0].Data, Is.EqualTo(new StageStarted("s1", "stage s1")));
        Assert.That(events[1].Data, Is.EqualTo(new StageCompleted("s1", "SUCCEEDED")));
        Assert.That(events.Select(e => e.Type), Is.EqualTo(new[] { TestEvents.StageStartedAlias, TestEvents.StageCompletedAlias }));
    }

    [Test]
    public async Task Should_return_metadata_as_stored_json_and_null_where_there_was_none()
    {
        var events = await Store.FetchStreamAsync(Tenant, _streamId, toVersion: 2);

        var metadata = events[0].Metadata!.Value;
        Assert.That(metadata.GetProperty("receiptId").GetGuid(), Is.EqualTo(_metadata.ReceiptId));
        Assert.That(metadata.GetProperty("echoType").GetString(), Is.EqualTo("stage"));
        Assert.That(events[0].Metadata!.Value.Deserialize<ReceiptMetadata>(JsonSerializerOptions.Web), Is.EqualTo(_metadata));
        Assert.That(events[1].Metadata, Is.Null);
    }

    [Test]
    public async Task Should_return_nothing_for_a_missing_stream_or_an_empty_range()
    {
        Assert.That(await Store.FetchStreamAsync(Tenant, "no-such-stream"), Is.Empty);
        Assert.That(await Store.FetchStreamAsync(Tenant, _streamId, fromVersion: 11), Is.Empty);
    }
}

public sealed class When_a_stored_event_type_is_not_registered : EventStoreSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();

    [OneTimeSetUp]
    public async Task Given_an_event_under_an_unknown_alias()
    {
        var session = Store.OpenSession();
        session.Append(Tenant, _streamId, TestEvents.StreamType, 0, TestEvents.Started("a"));
        await session.SaveChangesAsync();
        await ExecuteAsync($"UPDATE {Schema}.events SET type = 'specs.retired-event.v1' WHERE stream_id = $1", _streamId);
    }

    [Test]
    public void Should_fail_the_read_naming_the_alias()
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => Store.FetchStreamAsync(Tenant, _streamId));
        Assert.That(error!.Message, Does.Contain("specs.retired-event.v1"));
    }
}
