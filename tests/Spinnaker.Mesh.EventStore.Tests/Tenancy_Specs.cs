using NUnit.Framework;
using Spinnaker.Mesh.EventStore.Tests.Support;

namespace Spinnaker.Mesh.EventStore.Tests;

public sealed class When_two_tenants_use_the_same_stream_id : EventStoreSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();
    private readonly NewEvent _acme = TestEvents.Started("acme-stage");
    private readonly NewEvent[] _globex = [TestEvents.Started("globex-stage"), TestEvents.Completed("globex-stage")];
    private IReadOnlyList<AppendResult> _results = null!;

    [OneTimeSetUp]
    public async Task Append()
    {
        var session = Store.OpenSession();
        session.Append("acme", _streamId, TestEvents.StreamType, 0, _acme);
        session.Append("globex", _streamId, TestEvents.StreamType, 0, _globex);
        _results = await session.SaveChangesAsync();
    }

    [Test]
    public void Should_create_two_streams_each_expected_new()
    {
        Assert.That(_results.Select(r => (r.Tenant, r.Version)), Is.EqualTo(new[] { ("acme", 1L), ("globex", 2L) }));
    }

    [Test]
    public async Task Should_fetch_only_the_tenants_own_events()
    {
        Assert.That((await Store.FetchStreamAsync("acme", _streamId)).Select(e => e.Id), Is.EqualTo(new[] { _acme.Id }));
        Assert.That((await Store.FetchStreamAsync("globex", _streamId)).Select(e => e.Id), Is.EqualTo(_globex.Select(e => e.Id)));
        Assert.That(await Store.FetchStreamAsync("initech", _streamId), Is.Empty);
    }

}

public sealed class When_one_tenants_stream_moves_on : EventStoreSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();

    [OneTimeSetUp]
    public async Task Given_the_stream_at_version_1_in_two_tenants()
    {
        var session = Store.OpenSession();
        session.Append("acme", _streamId, TestEvents.StreamType, 0, TestEvents.Started("a"));
        session.Append("globex", _streamId, TestEvents.StreamType, 0, TestEvents.Started("a"));
        await session.SaveChangesAsync();

        var acme = Store.OpenSession();
        acme.Append("acme", _streamId, TestEvents.StreamType, 1, TestEvents.Completed("a"));
        await acme.SaveChangesAsync();
    }

    [Test]
    public async Task Should_check_expected_versions_per_tenant()
    {
        var stale = Store.OpenSession();
        stale.Append("acme", _streamId, TestEvents.StreamType, 1, TestEvents.Started("b"));
        var current = Store.OpenSession();
        current.Append("globex", _streamId, TestEvents.StreamType, 1, TestEvents.Completed("a"));

        var error = Assert.ThrowsAsync<ConcurrencyException>(() => stale.SaveChangesAsync());
        var result = (await current.SaveChangesAsync()).Single();

        Assert.That((error!.Tenant, error.ActualVersion), Is.EqualTo(("acme", 2L)));
        Assert.That((result.Tenant, result.Version), Is.EqualTo(("globex", 2L)));
    }
}
