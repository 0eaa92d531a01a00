using Marten;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.EventSourcing;
using Spinnaker.Mesh.Ingest.Normalization;
using Spinnaker.Mesh.Ingest.Tests.Normalization;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Ingest.Tests.Pipeline;

/// <summary>
/// Ingest's Marten store (its conventions and event types, in a database of its own) holding a canary stage event:
/// the new <c>canary</c> member is stored, and events stored before it existed still read, with no canary.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_ingest_stores_canary_stages
{
    private const string Tenant = "acme";

    private TestPostgres _postgres = null!;
    private NpgsqlDataSource _db = null!;
    private DocumentStore _store = null!;
    private NormalizedEvent _completed = null!;

    [OneTimeSetUp]
    public async Task StoreTheCanaryEvent()
    {
        _postgres = await TestPostgres.CreateAsync();
        _db = _postgres.CreateDataSource();
        _store = DocumentStore.For(options =>
        {
            options.Connection(_db);
            MeshEventStore.ConfigureConventions(options, IngestModule.Schema);
            IngestModule.ConfigureEventStore(options);
        });
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        _completed = Normalizing.Events(CanaryPayloads.CanaryCompleted()).Single(e => e.Event is StageCompleted);
        await using var session = _store.LightweightSession(Tenant);
        await session.AppendNewAsync([new PendingEvent(Tenant, _completed.StreamId, _completed.EventId, _completed.Event)], CancellationToken.None);
        await session.SaveChangesAsync();
    }

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        _store?.Dispose();
        if (_db is not null) await _db.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }

    [Test, Order(1)]
    public async Task Should_store_the_canary_as_camelCase_json()
    {
        await using var command = _db.CreateCommand($"""
            SELECT data -> 'stage' -> 'canary' ->> 'intervalStageId', data -> 'stage' -> 'canary' -> 'scores' ->> 1,
                   (SELECT s -> 'canary' ->> 'kayentaExecutionId' FROM jsonb_array_elements(data -> 'stages') s WHERE s ->> 'id' = '{CanaryPayloads.Run2StageId}')
            FROM {IngestModule.Schema}.mt_events WHERE id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = _completed.EventId });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(reader.GetString(0), Is.EqualTo(CanaryPayloads.IntervalsStageId));
            Assert.That(reader.GetString(1), Is.EqualTo("93.1"));
            Assert.That(reader.GetString(2), Is.EqualTo(CanaryPayloads.Run2KayentaId));
        });
    }

    [Test, Order(2)]
    public async Task Should_read_the_canary_back()
    {
        var stored = await ReadAsync();

        Assert.Multiple(() =>
        {
            Assert.That(stored.Stage.Canary?.Scores, Is.EqualTo(new[] { 88.4, 93.1 }));
            Assert.That(stored.Stages!.Single(s => s.Id == CanaryPayloads.Run1StageId).Canary?.Interval, Is.EqualTo(1));
        });
    }

    [Test, Order(3)]
    public async Task Should_read_an_event_stored_before_stages_had_a_canary()
    {
        // The JSON of an event written by the previous ingest: no stage has the member.
        await using (var strip = _db.CreateCommand($$"""
            UPDATE {{IngestModule.Schema}}.mt_events
            SET data = jsonb_set(data #- '{stage,canary}', '{stages}',
                (SELECT jsonb_agg(s - 'canary' ORDER BY n) FROM jsonb_array_elements(data -> 'stages') WITH ORDINALITY AS e(s, n)))
            WHERE id = $1
            """))
        {
            strip.Parameters.Add(new NpgsqlParameter { Value = _completed.EventId });
            Assert.That(await strip.ExecuteNonQueryAsync(), Is.EqualTo(1));
        }

        var stored = await ReadAsync();

        Assert.Multiple(() =>
        {
            Assert.That(stored.Stage.Canary, Is.Null);
            Assert.That(stored.Stages!.Select(s => s.Canary), Has.All.Null);
            Assert.That(stored.Stage.Type, Is.EqualTo("kayentaCanary"), "the rest of the stage still reads");
        });
    }

    private async Task<StageCompleted> ReadAsync()
    {
        await using var session = _store.QuerySession(Tenant);
        var events = await session.Events.FetchStreamAsync(_completed.StreamId);
        return (StageCompleted)events.Single(e => e.Id == _completed.EventId).Data;
    }
}
