using NUnit.Framework;
using Spinnaker.Mesh.EventStore.Tests.Support;

namespace Spinnaker.Mesh.EventStore.Tests;

public sealed class When_a_consumer_marks_a_message_processed : EventStoreSpec
{
    private const string Consumer = "execution-tree";
    private readonly Guid _messageId = Guid.CreateVersion7();
    private readonly string _streamId = TestEvents.NewStreamId();
    private bool _processedBefore;

    [OneTimeSetUp]
    public async Task Process()
    {
        var session = Store.OpenSession();
        _processedBefore = await session.IsProcessedAsync(Consumer, _messageId);
        session.Append(Tenant, _streamId, TestEvents.StreamType, null, TestEvents.Started("a"));
        session.MarkProcessed(Consumer, _messageId);
        await session.SaveChangesAsync();
    }

    [Test]
    public async Task Should_report_it_processed_for_that_consumer_only()
    {
        Assert.That(_processedBefore, Is.False);
        Assert.That(await Store.IsProcessedAsync(Consumer, _messageId), Is.True);
        Assert.That(await Store.IsProcessedAsync("dora", _messageId), Is.False);
        Assert.That(await Store.IsProcessedAsync(Consumer, Guid.CreateVersion7()), Is.False);
    }

    [Test]
    public async Task Should_refuse_to_process_it_again_and_roll_back_that_work()
    {
        var again = Store.OpenSession();
        again.Append(Tenant, _streamId, TestEvents.StreamType, null, TestEvents.Started("again"));
        again.MarkProcessed(Consumer, _messageId);

        var error = Assert.ThrowsAsync<MessageAlreadyProcessedException>(() => again.SaveChangesAsync());

        Assert.That((error!.Consumer, error.MessageId), Is.EqualTo((Consumer, _messageId)));
        Assert.That(await CountEventsAsync(Tenant, _streamId), Is.EqualTo(1));
    }
}

public sealed class When_a_save_with_an_inbox_mark_fails : EventStoreSpec
{
    private const string Consumer = "rollback";
    private readonly Guid _messageId = Guid.CreateVersion7();

    [OneTimeSetUp]
    public void Fail()
    {
        var session = Store.OpenSession();
        session.Append(Tenant, TestEvents.NewStreamId(), TestEvents.StreamType, null, TestEvents.Started("a"));
        session.MarkProcessed(Consumer, _messageId);
        session.Enqueue((_, _, _) => throw new InvalidOperationException("boom"));
        Assert.ThrowsAsync<InvalidOperationException>(() => session.SaveChangesAsync());
    }

    [Test]
    public async Task Should_not_mark_the_message()
    {
        Assert.That(await Store.IsProcessedAsync(Consumer, _messageId), Is.False);
    }
}

public sealed class When_a_session_only_marks_messages_and_writes_its_own_rows : EventStoreSpec
{
    private const string Consumer = "ingest";
    private readonly Guid _first = Guid.CreateVersion7();
    private readonly Guid _second = Guid.CreateVersion7();
    private IReadOnlyList<AppendResult> _results = null!;
    private int _enqueuedRuns;

    [OneTimeSetUp]
    public async Task Save()
    {
        var session = Store.OpenSession();
        session.MarkProcessed(Consumer, _first);
        session.MarkProcessed(Consumer, _first);
        session.MarkProcessed(Consumer, _second);
        session.Enqueue((_, _, _) => { _enqueuedRuns++; return Task.CompletedTask; });
        _results = await session.SaveChangesAsync();
    }

    [Test]
    public async Task Should_mark_each_message_once_and_run_the_write()
    {
        Assert.That(_results, Is.Empty);
        Assert.That(_enqueuedRuns, Is.EqualTo(1));
        Assert.That(await Store.IsProcessedAsync(Consumer, _first), Is.True);
        Assert.That(await Store.IsProcessedAsync(Consumer, _second), Is.True);
        Assert.That(await ScalarAsync<long>($"SELECT count(*) FROM {Schema}.inbox"), Is.EqualTo(2));
        Assert.That(Counts.Batches, Is.Empty, "no events, so no projection call");
    }
}
