using NUnit.Framework;
using Spinnaker.Mesh.EventStore.Tests.Support;

namespace Spinnaker.Mesh.EventStore.Tests;

public sealed class When_a_session_appends_to_a_new_stream_in_several_calls : EventStoreSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();
    private readonly string _otherStreamId = TestEvents.NewStreamId();
    private List<NewEvent> _events = null!;
    private IReadOnlyList<AppendResult> _results = null!;

    [OneTimeSetUp]
    public async Task Append()
    {
        _events = [.. Enumerable.Range(1, 15).Select(i => TestEvents.Started($"stage-{i}"))];
        var session = Store.OpenSession();
        session.Append(Tenant, _streamId, TestEvents.StreamType, 0, _events.Take(10));
        session.Append(Tenant, _otherStreamId, "pipeline", null, TestEvents.Completed("other"));
        session.Append(Tenant, _streamId, TestEvents.StreamType, 10, _events.Skip(10));
        _results = await session.SaveChangesAsync();
    }

    [Test]
    public async Task Should_store_the_events_in_append_order_with_versions_1_to_N()
    {
        var stored = await Store.FetchStreamAsync(Tenant, _streamId);

        Assert.That(stored.Select(e => e.Version), Is.EqualTo(Enumerable.Range(1, 15).Select(i => (long)i)));
        Assert.That(stored.Select(e => e.Id), Is.EqualTo(_events.Select(e => e.Id)));
        Assert.That(stored.Select(e => ((StageStarted)e.Data).StageId), Is.EqualTo(Enumerable.Range(1, 15).Select(i => $"stage-{i}")));
    }

    [Test]
    public async Task Should_draw_sequence_numbers_in_the_sessions_append_order()
    {
        var stream = await Store.FetchStreamAsync(Tenant, _streamId);
        var other = (await Store.FetchStreamAsync(Tenant, _otherStreamId)).Single();

        Assert.That(stream.Select(e => e.Seq), Is.Ordered.Ascending);
        Assert.That(other.Seq, Is.GreaterThan(stream[9].Seq).And.LessThan(stream[10].Seq));
    }

    [Test]
    public void Should_report_one_result_per_stream_in_first_append_order()
    {
        Assert.That(_results.Select(r => (r.StreamId, r.Version, r.Appended.Count, r.Skipped)),
            Is.EqualTo(new[] { (_streamId, 15L, 15, 0), (_otherStreamId, 1L, 1, 0) }));
    }

    [Test]
    public async Task Should_return_the_appended_events_as_stored()
    {
        var stored = await Store.FetchStreamAsync(Tenant, _streamId);
        var appended = _results[0].Appended;

        Assert.That(appended.Select(e => (e.Seq, e.Id, e.Tenant, e.StreamId, e.Version, e.Type)),
            Is.EqualTo(stored.Select(e => (e.Seq, e.Id, e.Tenant, e.StreamId, e.Version, e.Type))));
        Assert.That(appended.Select(e => e.Data), Is.EqualTo(stored.Select(e => e.Data)));
        Assert.That(appended[0].CreatedAt, Is.EqualTo(stored[0].CreatedAt));
    }

    [Test]
    public async Task Should_record_the_stream_with_its_type_and_version()
    {
        await using var command = DataSource.CreateCommand($"SELECT type, version FROM {Schema}.streams WHERE tenant = $1 AND id = $2");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = Tenant });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = _streamId });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True);
        Assert.That((reader.GetString(0), reader.GetInt64(1)), Is.EqualTo((TestEvents.StreamType, 15L)));
    }

    [Test]
    public async Task Should_store_the_alias_and_camel_case_json_not_the_clr_type()
    {
        await using var command = DataSource.CreateCommand($"SELECT type, data::text FROM {Schema}.events WHERE id = $1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = _events[0].Id });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True);
        Assert.That(reader.GetString(0), Is.EqualTo(TestEvents.StageStartedAlias));
        Assert.That(reader.GetString(1), Is.EqualTo("""{"name": "stage stage-1", "stageId": "stage-1"}"""));
    }
}

public sealed class When_an_append_is_invalid : EventStoreSpec
{
    [Test]
    public void Should_refuse_an_unregistered_event_type_at_the_call()
    {
        var session = Store.OpenSession();

        var error = Assert.Throws<InvalidOperationException>(() =>
            session.Append(Tenant, "s", TestEvents.StreamType, null, new NewEvent(Guid.CreateVersion7(), new NotRegistered("x"))));
        Assert.That(error!.Message, Does.Contain(nameof(NotRegistered)));
    }

    [Test]
    public void Should_refuse_an_empty_append_an_empty_id_and_a_negative_expected_version()
    {
        var session = Store.OpenSession();

        Assert.Throws<ArgumentException>(() => session.Append(Tenant, "s", TestEvents.StreamType, null, Array.Empty<NewEvent>()));
        Assert.Throws<ArgumentException>(() => session.Append(Tenant, "s", TestEvents.StreamType, null,
            new NewEvent(Guid.Empty, new StageStarted("a", "b"))));
        Assert.Throws<ArgumentOutOfRangeException>(() => session.Append(Tenant, "s", TestEvents.StreamType, -1, TestEvents.Started("a")));
    }

    [Test]
    public async Task Should_leave_nothing_stored_after_a_refused_append()
    {
        var session = Store.OpenSession();
        Assert.Catch(() => session.Append(Tenant, "s", TestEvents.StreamType, null, new NewEvent(Guid.CreateVersion7(), new NotRegistered("x"))));

        var results = await session.SaveChangesAsync();

        Assert.That(results, Is.Empty);
        Assert.That(await ScalarAsync<long>($"SELECT count(*) FROM {Schema}.streams"), Is.Zero);
    }
}
