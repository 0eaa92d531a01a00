using NUnit.Framework;
using Spinnaker.Mesh.EventStore.Tests.Support;

namespace Spinnaker.Mesh.EventStore.Tests;

public sealed class When_reading_a_tenants_events_for_a_replay : EventStoreSpec
{
    private readonly string _first = TestEvents.NewStreamId();
    private readonly string _second = TestEvents.NewStreamId();
    private const string OtherTenant = "replay-other-tenant";

    [OneTimeSetUp]
    public async Task Given_two_streams_written_in_turns_and_a_stream_of_another_tenant()
    {
        foreach (var round in Enumerable.Range(1, 3))
        {
            var session = Store.OpenSession();
            session.Append(Tenant, _first, TestEvents.StreamType, null, TestEvents.Started($"a{round}"));
            await session.SaveChangesAsync();
            session = Store.OpenSession();
            session.Append(Tenant, _second, TestEvents.StreamType, null, TestEvents.Started($"b{round}"));
            await session.SaveChangesAsync();
        }
        var other = Store.OpenSession();
        other.Append(OtherTenant, _first, TestEvents.StreamType, null, TestEvents.Started("x1"));
        await other.SaveChangesAsync();
    }

    [Test]
    public async Task Should_page_through_the_tenants_events_in_seq_order()
    {
        var firstPage = await Store.ReadEventsAsync(Tenant, null, 0, 4);
        var secondPage = await Store.ReadEventsAsync(Tenant, null, firstPage[^1].Seq, 4);
        var all = firstPage.Concat(secondPage).Where(e => e.StreamId == _first || e.StreamId == _second).ToList();

        Assert.That(all.Select(e => ((StageStarted)e.Data).StageId), Is.EqualTo(new[] { "a1", "b1", "a2", "b2", "a3", "b3" }));
        Assert.That(all.Select(e => e.Seq), Is.Ordered.Ascending);
        Assert.That(all.Select(e => e.Tenant), Is.All.EqualTo(Tenant));
    }

    [Test]
    public async Task Should_read_one_stream_only_when_asked()
    {
        var events = await Store.ReadEventsAsync(Tenant, _second, 0, 100);
        Assert.That(events.Select(e => ((StageStarted)e.Data).StageId), Is.EqualTo(new[] { "b1", "b2", "b3" }));
    }

    [Test]
    public async Task Should_never_return_another_tenants_events()
    {
        var events = await Store.ReadEventsAsync(OtherTenant, null, 0, 100);
        Assert.That(events.Select(e => ((StageStarted)e.Data).StageId), Is.EqualTo(new[] { "x1" }));
    }
}
