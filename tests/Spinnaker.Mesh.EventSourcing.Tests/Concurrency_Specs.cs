using Marten;
using NUnit.Framework;
using Spinnaker.Mesh.EventSourcing.Tests.Support;

namespace Spinnaker.Mesh.EventSourcing.Tests;

public sealed class When_two_writers_append_at_the_same_expected_version : MartenSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();
    private StreamConcurrencyException _loser = null!;

    [OneTimeSetUp]
    public async Task Race()
    {
        await AppendAsync(TestEvents.Started(Tenant, _streamId, "build"));

        // Both read version 1 and decide; A commits first, so B's decision is stale when it commits.
        await using var a = Store.LightweightSession(Tenant);
        await using var b = Store.LightweightSession(Tenant);
        a.AppendAtVersion(_streamId, 1, new StageCompleted("build", "SUCCEEDED"));
        b.AppendAtVersion(_streamId, 1, new StageCompleted("build", "TERMINAL"));
        await a.SaveChangesExpectingVersionsAsync(CancellationToken.None);
        _loser = Assert.ThrowsAsync<StreamConcurrencyException>(() => b.SaveChangesExpectingVersionsAsync(CancellationToken.None))!;
    }

    [Test]
    public void Should_tell_the_loser_which_stream_and_versions()
    {
        Assert.That((_loser.Tenant, _loser.StreamId, _loser.ExpectedVersion, _loser.ActualVersion), Is.EqualTo((Tenant, _streamId, 1L, 2L)));
        Assert.That(_loser.Message, Is.EqualTo(
            $"Stream '{_streamId}' of tenant '{Tenant}' was expected at version 1, but it is at version 2. Reload the stream and decide again."));
    }

    [Test]
    public async Task Should_store_only_the_winners_event()
    {
        var stored = await Store.QuerySession(Tenant).Events.FetchStreamAsync(_streamId);
        Assert.That(stored.Select(e => e.Data), Is.EqualTo(new object[] { new StageStarted("build", "stage build"), new StageCompleted("build", "SUCCEEDED") }));
    }
}

public sealed class When_many_writers_race_for_one_version : MartenSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();
    private List<Exception?> _outcomes = null!;

    [OneTimeSetUp]
    public async Task Race()
    {
        await AppendAsync(TestEvents.Started(Tenant, _streamId, "build"));
        // Whatever the interleaving, exactly one of the writers can find the stream at version 1.
        var writers = Enumerable.Range(0, 6).Select(async i =>
        {
            await using var session = Store.LightweightSession(Tenant);
            session.AppendAtVersion(_streamId, 1, new StageCompleted("build", $"writer {i}"), new StageStarted($"deploy-{i}", "deploy"));
            try
            {
                await session.SaveChangesExpectingVersionsAsync(CancellationToken.None);
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        });
        _outcomes = [.. await Task.WhenAll(writers)];
    }

    [Test]
    public void Should_let_exactly_one_win_and_fail_the_rest_with_a_stream_concurrency_exception()
    {
        Assert.That(_outcomes.Count(e => e is null), Is.EqualTo(1));
        Assert.That(_outcomes.Where(e => e is not null), Has.All.TypeOf<StreamConcurrencyException>());
    }

    [Test]
    public async Task Should_store_only_the_winners_two_events()
    {
        Assert.That(await CountEventsAsync(Tenant, _streamId), Is.EqualTo(3));
    }
}

public sealed class When_a_new_stream_is_expected_but_exists : MartenSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();
    private StreamConcurrencyException _conflict = null!;

    [OneTimeSetUp]
    public async Task Append()
    {
        await AppendAsync(TestEvents.Started(Tenant, _streamId, "build"));
        await using var session = Store.LightweightSession(Tenant);
        session.AppendAtVersion(_streamId, 0, new StageStarted("build", "again"));
        _conflict = Assert.ThrowsAsync<StreamConcurrencyException>(() => session.SaveChangesExpectingVersionsAsync(CancellationToken.None))!;
    }

    [Test]
    public void Should_say_the_stream_had_to_be_new()
    {
        Assert.That(_conflict.Message, Is.EqualTo(
            $"Stream '{_streamId}' of tenant '{Tenant}' was expected to be new, but it is at version 1. Reload the stream and decide again."));
    }

    [Test]
    public async Task Should_store_nothing()
    {
        Assert.That(await CountEventsAsync(Tenant, _streamId), Is.EqualTo(1));
    }
}

public sealed class When_a_stream_is_expected_at_a_version_it_has_not_reached : MartenSpec
{
    [Test]
    public async Task Should_fail_with_the_actual_version()
    {
        var streamId = TestEvents.NewStreamId();
        await AppendAsync(TestEvents.Started(Tenant, streamId, "build"));
        await using var session = Store.LightweightSession(Tenant);
        session.AppendAtVersion(streamId, 5, new StageCompleted("build", "SUCCEEDED"));

        var conflict = Assert.ThrowsAsync<StreamConcurrencyException>(() => session.SaveChangesExpectingVersionsAsync(CancellationToken.None))!;
        Assert.That((conflict.ExpectedVersion, conflict.ActualVersion), Is.EqualTo((5L, 1L)));
        Assert.That(await CountEventsAsync(Tenant, streamId), Is.EqualTo(1));
    }
}
