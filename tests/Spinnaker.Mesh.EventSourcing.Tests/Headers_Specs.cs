using Marten;
using NUnit.Framework;
using Spinnaker.Mesh.EventSourcing.Tests.Support;

namespace Spinnaker.Mesh.EventSourcing.Tests;

/// <summary>A service that enables Marten's headers keeps what each event came from beside it.</summary>
public sealed class When_an_appended_event_carries_headers : MartenSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();
    private readonly Guid _receiptId = Guid.NewGuid();
    private PendingEvent _withHeaders = null!;
    private PendingEvent _without = null!;

    protected override void Configure(StoreOptions options) => options.Events.MetadataConfig.HeadersEnabled = true;

    [OneTimeSetUp]
    public async Task Append()
    {
        _withHeaders = TestEvents.Started(Tenant, _streamId, "build") with
        {
            Headers = new Dictionary<string, object> { ["receiptId"] = _receiptId, ["echoType"] = "orca:stage:starting" },
        };
        _without = TestEvents.Completed(Tenant, _streamId, "build");
        await AppendAsync(_withHeaders, _without);
    }

    [Test]
    public async Task Should_store_them_in_the_events_headers()
    {
        Assert.That(await ScalarAsync<string>($"SELECT headers->>'receiptId' FROM {Schema}.mt_events WHERE id = $1", _withHeaders.Id),
            Is.EqualTo(_receiptId.ToString()));
        Assert.That(await ScalarAsync<string>($"SELECT headers->>'echoType' FROM {Schema}.mt_events WHERE id = $1", _withHeaders.Id),
            Is.EqualTo("orca:stage:starting"));
    }

    [Test]
    public async Task Should_not_give_them_to_an_event_appended_without()
    {
        Assert.That(await ScalarAsync<bool>($"SELECT headers->>'receiptId' IS NULL FROM {Schema}.mt_events WHERE id = $1", _without.Id),
            Is.True);
    }

    [Test]
    public async Task Should_read_them_back_with_the_stream()
    {
        var stored = await Store.QuerySession(Tenant).Events.FetchStreamAsync(_streamId);
        Assert.That(stored[0].GetHeader("receiptId")?.ToString(), Is.EqualTo(_receiptId.ToString()));
    }
}
