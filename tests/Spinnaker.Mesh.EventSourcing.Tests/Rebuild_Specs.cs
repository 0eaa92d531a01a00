using NUnit.Framework;
using Spinnaker.Mesh.EventSourcing.Tests.Support;

namespace Spinnaker.Mesh.EventSourcing.Tests;

public sealed class When_the_read_models_are_rebuilt : MartenSpec
{
    private readonly string[] _streams = [TestEvents.NewStreamId(), TestEvents.NewStreamId(), TestEvents.NewStreamId()];
    private List<(string, string, int, int)> _built = null!;
    private List<(string, string, int, int)> _rebuilt = null!;

    [OneTimeSetUp]
    public async Task AppendDamageAndRebuild()
    {
        foreach (var (streamId, i) in _streams.Select((s, i) => (s, i)))
        {
            var tenant = i % 2 == 0 ? Tenant : OtherTenant;
            await AppendAsync([.. Enumerable.Range(0, i + 1).SelectMany(n => new[]
            {
                TestEvents.Started(tenant, streamId, $"stage-{n}"), TestEvents.Completed(tenant, streamId, $"stage-{n}"),
            })]);
        }
        _built = await ReadModelAsync();

        // The read model drifted: a row no event supports, a count gone wrong.
        await ScalarAsync<int>($"WITH x AS (INSERT INTO {Counts.Table} VALUES ('acme', 'ghost', 9, 9) RETURNING 1) SELECT count(*) FROM x");
        await ScalarAsync<int>($"WITH x AS (UPDATE {Counts.Table} SET started = 0 RETURNING 1) SELECT count(*) FROM x");

        await Store.RebuildProjectionsAsync(CancellationToken.None);
        _rebuilt = await ReadModelAsync();
    }

    [Test]
    public void Should_reproduce_the_read_model_the_appends_built()
    {
        Assert.That(_built, Has.Count.EqualTo(3));
        Assert.That(_rebuilt, Is.EqualTo(_built));
    }

    private async Task<List<(string, string, int, int)>> ReadModelAsync()
    {
        var rows = new List<(string, string, int, int)>();
        await using var command = DataSource.CreateCommand($"SELECT tenant, stream_id, started, completed FROM {Counts.Table} ORDER BY tenant, stream_id");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3)));
        return rows;
    }
}
