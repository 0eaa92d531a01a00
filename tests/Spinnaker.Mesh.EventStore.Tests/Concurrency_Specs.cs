using NUnit.Framework;
using Spinnaker.Mesh.EventStore.Tests.Support;

namespace Spinnaker.Mesh.EventStore.Tests;

/// <summary>
/// Writer A holds the stream lock (inside its transaction) until writer B is seen blocked on it; then A commits and B
/// finds the stream moved on. The overlap is forced, not left to timing.
/// </summary>
public sealed class When_two_writers_append_at_the_same_expected_version : EventStoreSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();
    private readonly NewEvent _first = TestEvents.Started("build");
    private readonly NewEvent _fromA = TestEvents.Completed("build", "SUCCEEDED");
    private readonly NewEvent _fromB = TestEvents.Completed("build", "TERMINAL");
    private IReadOnlyList<AppendResult> _winner = null!;
    private ConcurrencyException _loser = null!;

    [OneTimeSetUp]
    public async Task Race()
    {
        var setup = Store.OpenSession();
        setup.Append(Tenant, _streamId, TestEvents.StreamType, 0, _first);
        await setup.SaveChangesAsync();

        var aHoldsTheLock = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var a = Store.OpenSession();
        a.Append(Tenant, _streamId, TestEvents.StreamType, 1, _fromA);
        a.Enqueue(async (_, _, _) =>
        {
            aHoldsTheLock.SetResult();
            await WaitUntilAnotherSessionWaitsOnALockAsync();
        });
        var b = Store.OpenSession();
        b.Append(Tenant, _streamId, TestEvents.StreamType, 1, _fromB);

        var saveA = a.SaveChangesAsync();
        await aHoldsTheLock.Task;
        var saveB = b.SaveChangesAsync();
        _winner = await saveA;
        _loser = Assert.ThrowsAsync<ConcurrencyException>(() => saveB)!;
    }

    [Test]
    public void Should_let_the_first_writer_win()
    {
        Assert.That(_winner.Single().Version, Is.EqualTo(2));
        Assert.That(_winner.Single().Appended.Single().Id, Is.EqualTo(_fromA.Id));
    }

    [Test]
    public void Should_tell_the_loser_which_stream_and_versions()
    {
        Assert.That((_loser.Tenant, _loser.StreamId, _loser.ExpectedVersion, _loser.ActualVersion), Is.EqualTo((Tenant, _streamId, 1L, 2L)));
        Assert.That(_loser.Message, Does.Contain(_streamId).And.Contain("expected at version 1").And.Contain("at version 2"));
    }

    [Test]
    public async Task Should_store_only_the_winners_events()
    {
        var stored = await Store.FetchStreamAsync(Tenant, _streamId);

        Assert.That(stored.Select(e => e.Id), Is.EqualTo(new[] { _first.Id, _fromA.Id }));
        Assert.That(await StreamVersionAsync(Tenant, _streamId), Is.EqualTo(2));
    }

    [Test]
    public async Task Should_leave_no_sequence_gap_from_the_loser()
    {
        // The loser failed its version check before drawing a sequence number: seq stays dense.
        var next = await ScalarAsync<long>($"SELECT nextval('{Schema}.events_seq_seq')");
        Assert.That(next, Is.EqualTo(3));
    }
}

public sealed class When_many_writers_race_for_one_version : EventStoreSpec
{
    private const int Writers = 8;
    private readonly string _streamId = TestEvents.NewStreamId();
    private readonly List<Exception?> _outcomes = [];

    [OneTimeSetUp]
    public async Task Race()
    {
        var setup = Store.OpenSession();
        setup.Append(Tenant, _streamId, TestEvents.StreamType, 0, TestEvents.Started("a"), TestEvents.Started("b"));
        await setup.SaveChangesAsync();

        var sessions = Enumerable.Range(0, Writers).Select(i =>
        {
            var session = Store.OpenSession();
            session.Append(Tenant, _streamId, TestEvents.StreamType, 2, TestEvents.Completed("a"), TestEvents.Completed("b"), TestEvents.Started($"c{i}"));
            return session;
        }).ToList();
        var saves = sessions.Select(async s =>
        {
            try { await s.SaveChangesAsync(); return null; }
            catch (Exception e) { return e; }
        });
        _outcomes.AddRange(await Task.WhenAll(saves));
    }

    [Test]
    public void Should_let_exactly_one_win_and_fail_the_rest_with_a_concurrency_exception()
    {
        Assert.That(_outcomes.Count(o => o is null), Is.EqualTo(1));
        Assert.That(_outcomes.Where(o => o is not null), Has.All.TypeOf<ConcurrencyException>());
    }

    [Test]
    public async Task Should_store_only_the_winners_three_events()
    {
        Assert.That(await CountEventsAsync(Tenant, _streamId), Is.EqualTo(5));
        Assert.That(await StreamVersionAsync(Tenant, _streamId), Is.EqualTo(5));
        Assert.That(await StageCountsAsync(Tenant, _streamId), Is.EqualTo((3, 2)), "the projection saw only the committed appends");
    }

    [Test]
    public async Task Should_leave_the_sequence_dense()
    {
        Assert.That(await ScalarAsync<long>($"SELECT max(seq) FROM {Schema}.events"), Is.EqualTo(5));
    }
}

public sealed class When_two_writers_create_the_same_new_stream : EventStoreSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();
    private readonly NewEvent _fromA = TestEvents.Started("a");
    private readonly NewEvent _fromB = TestEvents.Started("b");
    private ConcurrencyException _loser = null!;

    [OneTimeSetUp]
    public async Task Race()
    {
        var aCreatedTheStream = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var a = Store.OpenSession();
        a.Append(Tenant, _streamId, TestEvents.StreamType, 0, _fromA);
        a.Enqueue(async (_, _, _) =>
        {
            aCreatedTheStream.SetResult();
            await WaitUntilAnotherSessionWaitsOnALockAsync();
        });
        var b = Store.OpenSession();
        b.Append(Tenant, _streamId, TestEvents.StreamType, 0, _fromB);

        var saveA = a.SaveChangesAsync();
        await aCreatedTheStream.Task;
        var saveB = b.SaveChangesAsync();
        await saveA;
        _loser = Assert.ThrowsAsync<ConcurrencyException>(() => saveB)!;
    }

    [Test]
    public void Should_fail_the_second_because_the_stream_is_no_longer_new()
    {
        Assert.That((_loser.ExpectedVersion, _loser.ActualVersion), Is.EqualTo((0L, 1L)));
        Assert.That(_loser.Message, Does.Contain("expected to be new"));
    }

    [Test]
    public async Task Should_keep_the_first_writers_event_only()
    {
        var stored = await Store.FetchStreamAsync(Tenant, _streamId);
        Assert.That(stored.Select(e => e.Id), Is.EqualTo(new[] { _fromA.Id }));
    }
}

public sealed class When_a_new_stream_is_expected_but_exists : EventStoreSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();

    [OneTimeSetUp]
    public async Task Given_a_stream_at_version_2()
    {
        var session = Store.OpenSession();
        session.Append(Tenant, _streamId, TestEvents.StreamType, 0, TestEvents.Started("a"), TestEvents.Completed("a"));
        await session.SaveChangesAsync();
    }

    [Test]
    public async Task Should_throw_with_expected_0_and_the_actual_version_and_store_nothing()
    {
        var session = Store.OpenSession();
        session.Append(Tenant, _streamId, TestEvents.StreamType, 0, TestEvents.Started("b"));

        var error = Assert.ThrowsAsync<ConcurrencyException>(() => session.SaveChangesAsync());

        Assert.That((error!.ExpectedVersion, error.ActualVersion), Is.EqualTo((0L, 2L)));
        Assert.That(await CountEventsAsync(Tenant, _streamId), Is.EqualTo(2));
    }

    [Test]
    public async Task Should_throw_when_a_version_ahead_of_the_stream_is_expected()
    {
        var session = Store.OpenSession();
        session.Append(Tenant, _streamId, TestEvents.StreamType, 7, TestEvents.Started("b"));

        var error = Assert.ThrowsAsync<ConcurrencyException>(() => session.SaveChangesAsync());

        Assert.That((error!.ExpectedVersion, error.ActualVersion), Is.EqualTo((7L, 2L)));
        Assert.That(await CountEventsAsync(Tenant, _streamId), Is.EqualTo(2));
    }

    [Test]
    public async Task Should_not_create_a_missing_stream_expected_at_a_version()
    {
        var missing = TestEvents.NewStreamId();
        var session = Store.OpenSession();
        session.Append(Tenant, missing, TestEvents.StreamType, 3, TestEvents.Started("b"));

        var error = Assert.ThrowsAsync<ConcurrencyException>(() => session.SaveChangesAsync());

        Assert.That((error!.ExpectedVersion, error.ActualVersion), Is.EqualTo((3L, 0L)));
        Assert.That(await StreamVersionAsync(Tenant, missing), Is.Null);
    }
}

/// <summary>
/// Something bypassed the stream lock and took the next version directly (a foreign writer, a manual repair): the
/// unique (tenant, stream_id, version) key is the last guard, and the store reports it as a concurrency conflict.
/// </summary>
public sealed class When_another_writer_took_the_next_version_without_the_lock : EventStoreSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();
    private readonly NewEvent _ours = TestEvents.Completed("a");
    private ConcurrencyException _error = null!;

    [OneTimeSetUp]
    public async Task Append_after_a_foreign_insert()
    {
        var session = Store.OpenSession();
        session.Append(Tenant, _streamId, TestEvents.StreamType, 0, TestEvents.Started("a"));
        await session.SaveChangesAsync();
        await ExecuteAsync($"""
            INSERT INTO {Schema}.events (id, tenant, stream_id, version, type, data)
            VALUES ($1, $2, $3, 2, $4, $5::jsonb)
            """, Guid.CreateVersion7(), Tenant, _streamId, TestEvents.StageStartedAlias, """{"stageId":"x","name":"x"}""");

        var ours = Store.OpenSession();
        ours.Append(Tenant, _streamId, TestEvents.StreamType, null, _ours);
        _error = Assert.ThrowsAsync<ConcurrencyException>(() => ours.SaveChangesAsync())!;
    }

    [Test]
    public void Should_report_the_stream_and_its_real_version()
    {
        Assert.That((_error.StreamId, _error.ExpectedVersion, _error.ActualVersion), Is.EqualTo((_streamId, 1L, 2L)));
        Assert.That(_error.Message, Does.Contain(_ours.Id.ToString()));
    }

    [Test]
    public async Task Should_roll_back_the_append()
    {
        Assert.That(await ScalarAsync<long>($"SELECT count(*) FROM {Schema}.events WHERE id = $1", _ours.Id), Is.Zero);
        Assert.That(await StreamVersionAsync(Tenant, _streamId), Is.EqualTo(1));
        Assert.That(await StageCountsAsync(Tenant, _streamId), Is.EqualTo((1, 0)));
    }
}

public sealed class When_sessions_append_to_the_same_streams_in_opposite_orders : EventStoreSpec
{
    private const int Rounds = 25;
    private readonly string _x = TestEvents.NewStreamId();
    private readonly string _y = TestEvents.NewStreamId();

    [Test]
    public async Task Should_not_deadlock_and_should_store_every_event()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var forward = Store.OpenSession();
            forward.Append(Tenant, _x, TestEvents.StreamType, null, TestEvents.Started($"f{round}"));
            forward.Append(Tenant, _y, TestEvents.StreamType, null, TestEvents.Started($"f{round}"));
            var backward = Store.OpenSession();
            backward.Append(Tenant, _y, TestEvents.StreamType, null, TestEvents.Started($"b{round}"));
            backward.Append(Tenant, _x, TestEvents.StreamType, null, TestEvents.Started($"b{round}"));

            await Task.WhenAll(forward.SaveChangesAsync(), backward.SaveChangesAsync());
        }

        Assert.That(await StreamVersionAsync(Tenant, _x), Is.EqualTo(2 * Rounds));
        Assert.That(await StreamVersionAsync(Tenant, _y), Is.EqualTo(2 * Rounds));
        Assert.That((await Store.FetchStreamAsync(Tenant, _x)).Select(e => e.Version), Is.EqualTo(Enumerable.Range(1, 2 * Rounds).Select(i => (long)i)));
    }
}
