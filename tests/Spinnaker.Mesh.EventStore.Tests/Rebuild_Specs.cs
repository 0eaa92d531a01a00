using NUnit.Framework;
using Spinnaker.Mesh.EventStore.Tests.Support;

namespace Spinnaker.Mesh.EventStore.Tests;

public sealed class When_projections_are_rebuilt : EventStoreSpec
{
    private const int BatchSize = 3;
    private readonly string[] _streams = [TestEvents.NewStreamId(), TestEvents.NewStreamId(), TestEvents.NewStreamId()];
    private List<(string, string, int, int)> _before = null!;
    private List<(string, string, int, int)> _after = null!;
    private IReadOnlyList<int> _rebuildBatches = null!;

    [OneTimeSetUp]
    public async Task Rebuild()
    {
        for (var i = 0; i < _streams.Length; i++)
        {
            var session = Store.OpenSession();
            session.Append(Tenant, _streams[i], TestEvents.StreamType, null,
                Enumerable.Range(0, 2 + i).SelectMany(s => new[] { TestEvents.Started($"s{s}"), TestEvents.Completed($"s{s}") }));
            session.Append("other-tenant", _streams[i], TestEvents.StreamType, null, TestEvents.Started("x"));
            await session.SaveChangesAsync();
        }
        _before = await ReadModelAsync();

        // Damage the read model: a wrong count and a row no event supports.
        await ExecuteAsync($"UPDATE {Counts.Table} SET started = 99");
        await ExecuteAsync($"INSERT INTO {Counts.Table} VALUES ('{Tenant}', 'invented', 1, 1)");
        Counts.ForgetBatches();

        await CreateStore(rebuildBatchSize: BatchSize).RebuildProjectionsAsync();
        _after = await ReadModelAsync();
        _rebuildBatches = Counts.Batches;
    }

    [Test]
    public void Should_rebuild_the_same_read_model_the_appends_built()
    {
        Assert.That(_before, Has.Count.EqualTo(6));
        Assert.That(_after, Is.EqualTo(_before));
    }

    [Test]
    public void Should_drop_rows_no_event_supports()
    {
        Assert.That(_after.Select(r => r.Item2), Does.Not.Contain("invented"));
    }

    [Test]
    public async Task Should_replay_every_event_in_bounded_batches()
    {
        var events = await ScalarAsync<int>($"SELECT count(*) FROM {Schema}.events");
        Assert.That(events, Is.EqualTo(2 * (2 + 3 + 4) + 3));
        Assert.That(_rebuildBatches.Sum(), Is.EqualTo(events));
        Assert.That(_rebuildBatches, Has.All.LessThanOrEqualTo(BatchSize));
    }

    [Test]
    public async Task Should_rebuild_one_projection_by_name()
    {
        await ExecuteAsync($"DELETE FROM {Counts.Table}");

        await Store.RebuildProjectionAsync(Counts.Name);

        Assert.That(await ReadModelAsync(), Is.EqualTo(_before));
        Assert.ThrowsAsync<ArgumentException>(() => Store.RebuildProjectionAsync("no-such-projection"));
    }

    private async Task<List<(string, string, int, int)>> ReadModelAsync()
    {
        await using var command = DataSource.CreateCommand($"SELECT tenant, stream_id, started, completed FROM {Counts.Table} ORDER BY tenant, stream_id");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, int, int)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3)));
        return rows;
    }
}
