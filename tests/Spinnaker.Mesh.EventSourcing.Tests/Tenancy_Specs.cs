using Marten;
using NUnit.Framework;
using Spinnaker.Mesh.EventSourcing.Tests.Support;

namespace Spinnaker.Mesh.EventSourcing.Tests;

public sealed class When_one_batch_appends_for_several_tenants : MartenSpec
{
    private readonly string _acmeStream = TestEvents.NewStreamId();
    private readonly string _globexStream = TestEvents.NewStreamId();

    [OneTimeSetUp]
    public async Task Append() => await AppendAsync(
        TestEvents.Started(Tenant, _acmeStream, "build"),
        TestEvents.Started(OtherTenant, _globexStream, "build"),
        TestEvents.Completed(Tenant, _acmeStream, "build"));

    [Test]
    public async Task Should_put_each_event_in_its_own_tenants_stream()
    {
        Assert.That(await CountEventsAsync(Tenant, _acmeStream), Is.EqualTo(2));
        Assert.That(await CountEventsAsync(OtherTenant, _globexStream), Is.EqualTo(1));
    }

    [Test]
    public async Task Should_not_show_a_tenant_the_other_tenants_stream()
    {
        Assert.That(await Store.QuerySession(Tenant).Events.FetchStreamAsync(_globexStream), Is.Empty);
        Assert.That(await Store.QuerySession(OtherTenant).Events.FetchStreamAsync(_acmeStream), Is.Empty);
        Assert.That(await StageCountsAsync(OtherTenant, _globexStream), Is.EqualTo((1, 0)));
    }
}

public sealed class When_two_tenants_use_the_same_stream_id : MartenSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();

    [OneTimeSetUp]
    public async Task Append()
    {
        await AppendAsync(TestEvents.Started(Tenant, _streamId, "build"), TestEvents.Completed(Tenant, _streamId, "build"));
        await AppendAsync(TestEvents.Started(OtherTenant, _streamId, "build"));
    }

    [Test]
    public async Task Should_keep_two_streams_with_their_own_versions()
    {
        var acme = await Store.QuerySession(Tenant).Events.FetchStreamAsync(_streamId);
        var globex = await Store.QuerySession(OtherTenant).Events.FetchStreamAsync(_streamId);
        Assert.That(acme.Select(e => e.Version), Is.EqualTo(new[] { 1L, 2L }));
        Assert.That(globex.Select(e => (e.Version, e.TenantId)), Is.EqualTo(new[] { (1L, OtherTenant) }));
    }

    [Test]
    public async Task Should_check_expected_versions_per_tenant()
    {
        // acme's stream is at version 2, globex's at 1: globex appending at 1 is right, at 2 is stale.
        var streamId = TestEvents.NewStreamId();
        await AppendAsync(TestEvents.Started(Tenant, streamId, "build"), TestEvents.Completed(Tenant, streamId, "build"));
        await AppendAsync(TestEvents.Started(OtherTenant, streamId, "build"));

        await using (var stale = Store.LightweightSession(OtherTenant))
        {
            stale.AppendAtVersion(streamId, 2, new StageCompleted("build", "TERMINAL"));
            Assert.ThrowsAsync<StreamConcurrencyException>(() => stale.SaveChangesExpectingVersionsAsync(CancellationToken.None));
        }
        await using (var current = Store.LightweightSession(OtherTenant))
        {
            current.AppendAtVersion(streamId, 1, new StageCompleted("build", "SUCCEEDED"));
            await current.SaveChangesExpectingVersionsAsync(CancellationToken.None);
        }
        Assert.That(await CountEventsAsync(OtherTenant, streamId), Is.EqualTo(2));
        Assert.That(await CountEventsAsync(Tenant, streamId), Is.EqualTo(2));
    }

    [Test]
    public async Task Should_refuse_both_tenants_in_one_session_rather_than_mix_them()
    {
        var streamId = TestEvents.NewStreamId();
        PendingEvent[] events = [TestEvents.Started(Tenant, streamId, "build"), TestEvents.Started(OtherTenant, streamId, "build")];
        Assert.That(IdempotentAppend.ShareStreamIdsAcrossTenants(events), Is.True);

        await using var session = Store.LightweightSession(Tenant);
        Assert.That(async () => await session.AppendNewAsync(events, CancellationToken.None),
            Throws.InvalidOperationException.With.Message.Contain(streamId));
    }
}
