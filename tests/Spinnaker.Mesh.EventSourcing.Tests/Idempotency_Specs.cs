using Marten;
using NUnit.Framework;
using Spinnaker.Mesh.EventSourcing.Tests.Support;

namespace Spinnaker.Mesh.EventSourcing.Tests;

public sealed class When_the_same_batch_is_appended_twice : MartenSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();
    private PendingEvent[] _batch = null!;
    private IReadOnlyList<PendingEvent> _first = null!;
    private IReadOnlyList<PendingEvent> _second = null!;

    [OneTimeSetUp]
    public async Task AppendTwice()
    {
        _batch = [TestEvents.Started(Tenant, _streamId, "build"), TestEvents.Completed(Tenant, _streamId, "build")];
        _first = await AppendAsync(_batch);
        _second = await AppendAsync(_batch);
    }

    [Test]
    public void Should_append_everything_the_first_time_and_nothing_the_second()
    {
        Assert.That(_first, Is.EqualTo(_batch));
        Assert.That(_second, Is.Empty);
    }

    [Test]
    public async Task Should_store_the_events_once_under_the_callers_ids()
    {
        var stored = await Store.QuerySession(Tenant).Events.FetchStreamAsync(_streamId);
        Assert.That(stored.Select(e => e.Id), Is.EqualTo(_batch.Select(e => e.Id)));
        Assert.That(stored.Select(e => e.Version), Is.EqualTo(new[] { 1L, 2L }));
    }

    [Test]
    public async Task Should_not_project_the_second_batch_again()
    {
        Assert.That(await StageCountsAsync(Tenant, _streamId), Is.EqualTo((1, 1)));
    }
}

public sealed class When_a_batch_repeats_events_and_mixes_them_with_stored_ones : MartenSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();
    private PendingEvent _stored = null!;
    private PendingEvent _new = null!;
    private IReadOnlyList<PendingEvent> _appended = null!;

    [OneTimeSetUp]
    public async Task Append()
    {
        _stored = TestEvents.Started(Tenant, _streamId, "build");
        _new = TestEvents.Completed(Tenant, _streamId, "build");
        await AppendAsync(_stored);
        // Echo retried a delivery and Orca re-emitted one: the batch holds a stored event and a new one twice.
        _appended = await AppendAsync(_stored, _new, _new, _stored);
    }

    [Test]
    public void Should_append_only_the_first_occurrence_of_the_new_event()
    {
        Assert.That(_appended, Is.EqualTo(new[] { _new }));
    }

    [Test]
    public async Task Should_number_it_right_after_the_stream()
    {
        var stored = await Store.QuerySession(Tenant).Events.FetchStreamAsync(_streamId);
        Assert.That(stored.Select(e => (e.Id, e.Version)), Is.EqualTo(new[] { (_stored.Id, 1L), (_new.Id, 2L) }));
    }
}

public sealed class When_an_event_id_is_already_stored_on_another_stream : MartenSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();
    private readonly string _otherStreamId = TestEvents.NewStreamId();
    private IReadOnlyList<PendingEvent> _appended = null!;

    [OneTimeSetUp]
    public async Task Append()
    {
        var stored = TestEvents.Started(Tenant, _streamId, "build");
        await AppendAsync(stored);
        _appended = await AppendAsync(stored with { StreamId = _otherStreamId });
    }

    [Test]
    public async Task Should_skip_it_and_create_no_stream()
    {
        Assert.That(_appended, Is.Empty);
        Assert.That(await CountEventsAsync(Tenant, _otherStreamId), Is.Zero);
        var state = await Store.QuerySession(Tenant).Events.FetchStreamStateAsync(_otherStreamId);
        Assert.That(state, Is.Null);
    }
}

public sealed class When_a_stored_id_is_appended_without_the_kit : MartenSpec
{
    [Test]
    public async Task Should_fail_the_whole_save_on_the_unique_event_id_index()
    {
        // Why AppendNewAsync exists: Marten itself refuses a known id, and takes the rest of the batch down with it.
        var streamId = TestEvents.NewStreamId();
        var stored = TestEvents.Started(Tenant, streamId, "build");
        await AppendAsync(stored);

        await using var session = Store.LightweightSession(Tenant);
        var again = session.Events.BuildEvent(stored.Data);
        again.Id = stored.Id;
        session.Events.Append(streamId, again, TestEvents.Completed(Tenant, streamId, "build").Data);

        Assert.That(async () => await session.SaveChangesAsync(), Throws.Exception);
        Assert.That(await CountEventsAsync(Tenant, streamId), Is.EqualTo(1));
    }
}
