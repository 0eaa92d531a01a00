using NUnit.Framework;
using Spinnaker.Mesh.EventStore.Tests.Support;

namespace Spinnaker.Mesh.EventStore.Tests;

public sealed class When_the_same_events_are_appended_twice : EventStoreSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();
    private NewEvent[] _events = null!;
    private AppendResult _first = null!;
    private AppendResult _replay = null!;

    [OneTimeSetUp]
    public async Task Append_then_replay()
    {
        _events = [TestEvents.Started("a"), TestEvents.Completed("a"), TestEvents.Started("b")];
        var session = Store.OpenSession();
        session.Append(Tenant, _streamId, TestEvents.StreamType, 0, _events);
        _first = (await session.SaveChangesAsync()).Single();

        // A redelivered message: same ids, and the expected version it was decided at (now stale).
        var replay = Store.OpenSession();
        replay.Append(Tenant, _streamId, TestEvents.StreamType, 0, _events);
        _replay = (await replay.SaveChangesAsync()).Single();
    }

    [Test]
    public async Task Should_store_the_events_once()
    {
        var stored = await Store.FetchStreamAsync(Tenant, _streamId);
        Assert.That(stored.Select(e => e.Id), Is.EqualTo(_events.Select(e => e.Id)));
        Assert.That(await StreamVersionAsync(Tenant, _streamId), Is.EqualTo(3));
    }

    [Test]
    public void Should_report_the_replay_as_all_skipped_at_the_current_version()
    {
        Assert.That((_first.Version, _first.Appended.Count, _first.Skipped), Is.EqualTo((3L, 3, 0)));
        Assert.That((_replay.Version, _replay.Appended.Count, _replay.Skipped), Is.EqualTo((3L, 0, 3)));
    }

    [Test]
    public async Task Should_not_project_the_replay_again()
    {
        Assert.That(await StageCountsAsync(Tenant, _streamId), Is.EqualTo((2, 1)));
        Assert.That(Counts.Batches, Is.EqualTo(new[] { 3 }), "the replay appended nothing, so the projection was not called");
    }
}

public sealed class When_a_batch_mixes_new_and_already_stored_events : EventStoreSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();
    private readonly NewEvent _a = TestEvents.Started("a");
    private readonly NewEvent _b = TestEvents.Completed("a");
    private readonly NewEvent _c = TestEvents.Started("c");
    private readonly NewEvent _d = TestEvents.Completed("c");
    private AppendResult _result = null!;

    [OneTimeSetUp]
    public async Task Append()
    {
        var first = Store.OpenSession();
        first.Append(Tenant, _streamId, TestEvents.StreamType, null, _a, _b);
        await first.SaveChangesAsync();

        var mixed = Store.OpenSession();
        mixed.Append(Tenant, _streamId, TestEvents.StreamType, 2, _b, _c, _a, _d, _c);
        _result = (await mixed.SaveChangesAsync()).Single();
    }

    [Test]
    public void Should_append_only_the_new_events_and_count_the_rest_as_skipped()
    {
        Assert.That(_result.Appended.Select(e => e.Id), Is.EqualTo(new[] { _c.Id, _d.Id }));
        Assert.That(_result.Skipped, Is.EqualTo(3), "b and a were stored, and c repeated within the batch");
    }

    [Test]
    public async Task Should_number_the_new_events_right_after_the_stream()
    {
        var stored = await Store.FetchStreamAsync(Tenant, _streamId);
        Assert.That(stored.Select(e => (e.Id, e.Version)),
            Is.EqualTo(new[] { (_a.Id, 1L), (_b.Id, 2L), (_c.Id, 3L), (_d.Id, 4L) }));
        Assert.That(_result.Version, Is.EqualTo(4));
    }

    [Test]
    public async Task Should_project_only_the_new_events()
    {
        Assert.That(await StageCountsAsync(Tenant, _streamId), Is.EqualTo((2, 2)));
    }
}

public sealed class When_a_stale_append_carries_some_new_events : EventStoreSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();
    private readonly NewEvent _a = TestEvents.Started("a");

    [OneTimeSetUp]
    public async Task Given_a_stream_at_version_1()
    {
        var session = Store.OpenSession();
        session.Append(Tenant, _streamId, TestEvents.StreamType, 0, _a);
        await session.SaveChangesAsync();
    }

    [Test]
    public async Task Should_still_check_the_expected_version()
    {
        var session = Store.OpenSession();
        session.Append(Tenant, _streamId, TestEvents.StreamType, 0, _a, TestEvents.Completed("a"));

        var error = Assert.ThrowsAsync<ConcurrencyException>(() => session.SaveChangesAsync());

        Assert.That((error!.ExpectedVersion, error.ActualVersion), Is.EqualTo((0L, 1L)));
        Assert.That(await CountEventsAsync(Tenant, _streamId), Is.EqualTo(1));
    }
}

/// <summary>An event id names one event in the whole schema: appending it to another stream is a replay, not a second event.</summary>
public sealed class When_a_stored_event_id_is_appended_to_a_new_stream : EventStoreSpec
{
    private readonly string _original = TestEvents.NewStreamId();
    private readonly string _other = TestEvents.NewStreamId();
    private AppendResult _result = null!;

    [OneTimeSetUp]
    public async Task Append()
    {
        var e = TestEvents.Started("a");
        var first = Store.OpenSession();
        first.Append(Tenant, _original, TestEvents.StreamType, null, e);
        await first.SaveChangesAsync();

        var second = Store.OpenSession();
        second.Append(Tenant, _other, TestEvents.StreamType, 0, e);
        _result = (await second.SaveChangesAsync()).Single();
    }

    [Test]
    public async Task Should_skip_it_and_leave_no_empty_stream_behind()
    {
        Assert.That((_result.Version, _result.Appended.Count, _result.Skipped), Is.EqualTo((0L, 0, 1)));
        Assert.That(await StreamVersionAsync(Tenant, _other), Is.Null);
        Assert.That(await CountEventsAsync(Tenant, _original), Is.EqualTo(1));
    }
}
