using NUnit.Framework;
using Spinnaker.Mesh.EventStore.Tests.Support;

namespace Spinnaker.Mesh.EventStore.Tests;

public sealed class When_an_append_is_saved_with_an_inline_projection : EventStoreSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();
    private readonly string _otherStreamId = TestEvents.NewStreamId();
    private (int Started, int Completed)? _seenInsideTheTransaction;

    [OneTimeSetUp]
    public async Task Append()
    {
        var session = Store.OpenSession();
        session.Append(Tenant, _streamId, TestEvents.StreamType, 0, TestEvents.Started("a"), TestEvents.Completed("a"), TestEvents.Started("b"));
        session.Append(Tenant, _otherStreamId, TestEvents.StreamType, 0, TestEvents.Completed("z"));
        session.Enqueue(async (connection, transaction, ct) =>
        {
            await using var command = new Npgsql.NpgsqlCommand(
                $"SELECT started, completed FROM {Counts.Table} WHERE tenant = $1 AND stream_id = $2", connection, transaction);
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = Tenant });
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = _streamId });
            await using var reader = await command.ExecuteReaderAsync(ct);
            _seenInsideTheTransaction = await reader.ReadAsync(ct) ? (reader.GetInt32(0), reader.GetInt32(1)) : null;
        });
        await session.SaveChangesAsync();
    }

    [Test]
    public void Should_update_the_read_model_inside_the_appending_transaction()
    {
        Assert.That(_seenInsideTheTransaction, Is.EqualTo((2, 1)));
    }

    [Test]
    public async Task Should_commit_the_read_model_with_the_events()
    {
        Assert.That(await StageCountsAsync(Tenant, _streamId), Is.EqualTo((2, 1)));
        Assert.That(await StageCountsAsync(Tenant, _otherStreamId), Is.EqualTo((0, 1)));
    }

    [Test]
    public void Should_hand_the_projection_all_appended_events_of_the_session_at_once()
    {
        Assert.That(Counts.Batches, Is.EqualTo(new[] { 4 }));
    }
}

public sealed class When_a_save_fails_after_the_projection_ran : EventStoreSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();
    private readonly NewEvent _lost = TestEvents.Completed("a");

    [OneTimeSetUp]
    public async Task Save_and_fail()
    {
        var given = Store.OpenSession();
        given.Append(Tenant, _streamId, TestEvents.StreamType, 0, TestEvents.Started("a"));
        await given.SaveChangesAsync();

        var failing = Store.OpenSession();
        failing.Append(Tenant, _streamId, TestEvents.StreamType, 1, _lost, TestEvents.Started("b"));
        failing.Enqueue((_, _, _) => throw new InvalidOperationException("the service's own write failed"));
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => failing.SaveChangesAsync());
        Assert.That(error!.Message, Is.EqualTo("the service's own write failed"));
    }

    [Test]
    public async Task Should_roll_back_the_read_model_with_the_events()
    {
        Assert.That(Counts.Batches, Is.EqualTo(new[] { 1, 2 }), "the projection did run for the failed save");
        Assert.That(await StageCountsAsync(Tenant, _streamId), Is.EqualTo((1, 0)));
        Assert.That(await CountEventsAsync(Tenant, _streamId), Is.EqualTo(1));
        Assert.That(await StreamVersionAsync(Tenant, _streamId), Is.EqualTo(1));
    }
}

public sealed class When_one_stream_of_a_session_conflicts : EventStoreSpec
{
    private readonly string _fine = TestEvents.NewStreamId();
    private readonly string _conflicting = TestEvents.NewStreamId();

    [OneTimeSetUp]
    public async Task Save()
    {
        var given = Store.OpenSession();
        given.Append(Tenant, _conflicting, TestEvents.StreamType, 0, TestEvents.Started("a"));
        await given.SaveChangesAsync();

        var session = Store.OpenSession();
        session.Append(Tenant, _fine, TestEvents.StreamType, 0, TestEvents.Started("a"));
        session.Append(Tenant, _conflicting, TestEvents.StreamType, 0, TestEvents.Started("b"));
        var error = Assert.ThrowsAsync<ConcurrencyException>(() => session.SaveChangesAsync());
        Assert.That(error!.StreamId, Is.EqualTo(_conflicting));
    }

    [Test]
    public async Task Should_commit_nothing_of_the_session()
    {
        Assert.That(await StreamVersionAsync(Tenant, _fine), Is.Null);
        Assert.That(await StageCountsAsync(Tenant, _fine), Is.Null);
        Assert.That(await StageCountsAsync(Tenant, _conflicting), Is.EqualTo((1, 0)));
    }
}

public sealed class When_a_session_enqueues_its_own_write : EventStoreSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();

    [OneTimeSetUp]
    public async Task Save()
    {
        await ExecuteAsync($"CREATE TABLE {Schema}.rejections (receipt_id uuid PRIMARY KEY, reason text NOT NULL)");
        var session = Store.OpenSession();
        session.Append(Tenant, _streamId, TestEvents.StreamType, 0, TestEvents.Started("a"));
        session.Enqueue(async (connection, transaction, ct) =>
        {
            await using var command = new Npgsql.NpgsqlCommand($"INSERT INTO {Schema}.rejections VALUES ($1, 'bad shape')", connection, transaction);
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = Guid.CreateVersion7() });
            await command.ExecuteNonQueryAsync(ct);
        });
        await session.SaveChangesAsync();
    }

    [Test]
    public async Task Should_commit_it_with_the_events()
    {
        Assert.That(await ScalarAsync<string>($"SELECT string_agg(reason, ',') FROM {Schema}.rejections"), Is.EqualTo("bad shape"));
        Assert.That(await CountEventsAsync(Tenant, _streamId), Is.EqualTo(1));
    }
}

public sealed class When_a_session_writes_from_its_append_results_before_commit : EventStoreSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();
    private readonly NewEvent _stored = TestEvents.Started("a");
    private readonly NewEvent _new = TestEvents.Completed("a");
    private IReadOnlyList<AppendResult> _seen = null!;
    private IReadOnlyList<AppendResult> _returned = null!;

    [OneTimeSetUp]
    public async Task Save()
    {
        await ExecuteAsync($"CREATE TABLE {Schema}.outcomes (event_id uuid PRIMARY KEY)");
        var given = Store.OpenSession();
        given.Append(Tenant, _streamId, TestEvents.StreamType, 0, _stored);
        await given.SaveChangesAsync();

        var session = Store.OpenSession();
        session.Append(Tenant, _streamId, TestEvents.StreamType, null, _stored, _new);
        session.BeforeCommit(async (connection, transaction, results, ct) =>
        {
            _seen = results;
            await using var command = new Npgsql.NpgsqlCommand($"INSERT INTO {Schema}.outcomes SELECT unnest($1::uuid[])", connection, transaction);
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = results.SelectMany(r => r.Appended).Select(e => e.Id).ToArray() });
            await command.ExecuteNonQueryAsync(ct);
        });
        _returned = await session.SaveChangesAsync();
    }

    [Test]
    public void Should_see_the_results_the_save_returns()
    {
        Assert.That(_seen, Is.SameAs(_returned));
        Assert.That(_seen.Single().Appended.Select(e => e.Id), Is.EqualTo(new[] { _new.Id }));
    }

    [Test]
    public async Task Should_commit_its_write_with_the_events()
    {
        Assert.That(await ScalarAsync<Guid>($"SELECT event_id FROM {Schema}.outcomes"), Is.EqualTo(_new.Id));
    }

    [Test]
    public async Task Should_roll_back_the_events_when_it_fails()
    {
        var failing = Store.OpenSession();
        failing.Append(Tenant, _streamId, TestEvents.StreamType, null, TestEvents.Started("b"));
        failing.BeforeCommit((_, _, _, _) => throw new InvalidOperationException("outcome write failed"));

        Assert.ThrowsAsync<InvalidOperationException>(() => failing.SaveChangesAsync());
        Assert.That(await StreamVersionAsync(Tenant, _streamId), Is.EqualTo(2));
    }
}
