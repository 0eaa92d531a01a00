using NUnit.Framework;
using Spinnaker.Mesh.EventStore.Tests.Support;

namespace Spinnaker.Mesh.EventStore.Tests;

public sealed class When_aggregating_a_stream : EventStoreSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();

    [OneTimeSetUp]
    public async Task Given_an_execution()
    {
        var session = Store.OpenSession();
        session.Append(Tenant, _streamId, TestEvents.StreamType, 0,
            TestEvents.Started("build"), TestEvents.Completed("build"), TestEvents.Started("deploy"), TestEvents.Completed("deploy", "TERMINAL"));
        await session.SaveChangesAsync();
    }

    [Test]
    public async Task Should_apply_every_event_in_order()
    {
        var state = await Store.AggregateStreamAsync<ExecutionState>(Tenant, _streamId);

        Assert.That(state!.Version, Is.EqualTo(4));
        Assert.That(state.Stages, Is.EquivalentTo(new Dictionary<string, string> { ["build"] = "SUCCEEDED", ["deploy"] = "TERMINAL" }));
    }

    [Test]
    public async Task Should_stop_at_the_requested_version()
    {
        var state = await Store.AggregateStreamAsync<ExecutionState>(Tenant, _streamId, toVersion: 3);

        Assert.That(state!.Version, Is.EqualTo(3));
        Assert.That(state.Stages, Is.EquivalentTo(new Dictionary<string, string> { ["build"] = "SUCCEEDED", ["deploy"] = "RUNNING" }));
    }

    [Test]
    public async Task Should_return_null_for_a_missing_stream()
    {
        Assert.That(await Store.AggregateStreamAsync<ExecutionState>(Tenant, "no-such-stream"), Is.Null);
        Assert.That(await Store.AggregateStreamAsync<ExecutionState>("other-tenant", _streamId), Is.Null);
    }
}
