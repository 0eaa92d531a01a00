using NUnit.Framework;
using Spinnaker.Mesh.EventStore.Tests.Support;

namespace Spinnaker.Mesh.EventStore.Tests;

public sealed class When_the_store_migrates_again : EventStoreSpec
{
    private readonly string _streamId = TestEvents.NewStreamId();

    [OneTimeSetUp]
    public async Task Migrate_twice_more_with_data_in_place()
    {
        var session = Store.OpenSession();
        session.Append(Tenant, _streamId, TestEvents.StreamType, 0, TestEvents.Started("a"));
        await session.SaveChangesAsync();

        await Store.MigrateAsync();
        await Store.MigrateAsync();
    }

    [Test]
    public async Task Should_keep_the_tables_and_their_data()
    {
        Assert.That(await CountEventsAsync(Tenant, _streamId), Is.EqualTo(1));
        Assert.That(await StageCountsAsync(Tenant, _streamId), Is.EqualTo((1, 0)));
    }

    [Test]
    public async Task Should_have_created_the_store_and_projection_tables_in_the_schema()
    {
        var tables = await ScalarAsync<string>(
            "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = $1", Schema);
        Assert.That(tables, Is.EqualTo("events,inbox,stage_counts,streams"));
    }
}

public sealed class When_several_replicas_migrate_a_new_schema_at_once : EventStoreSpec
{
    private const string FreshSchema = "replicas";

    [Test]
    public async Task Should_all_succeed_and_create_the_tables_once()
    {
        var replicas = Enumerable.Range(0, 6).Select(_ => CreateStore(schema: FreshSchema)).ToList();

        await Task.WhenAll(replicas.Select(r => r.MigrateAsync()));

        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_schema = $1", FreshSchema), Is.EqualTo(3));
        var session = replicas[0].OpenSession();
        session.Append(Tenant, "s", TestEvents.StreamType, 0, TestEvents.Started("a"));
        Assert.That((await session.SaveChangesAsync()).Single().Version, Is.EqualTo(1));
    }
}

public sealed class When_the_options_are_unusable : EventStoreSpec
{
    [TestCase("")]
    [TestCase("Ingest")]
    [TestCase("ingest; drop table x")]
    [TestCase("1ingest")]
    public void Should_refuse_a_schema_that_is_not_a_plain_identifier(string schema)
    {
        var error = Assert.Throws<ArgumentException>(() => new EventStore(DataSource, new EventStoreOptions { Schema = schema }));
        Assert.That(error!.Message, Does.Contain("schema"));
    }

    [Test]
    public void Should_refuse_two_projections_with_one_name()
    {
        var options = new EventStoreOptions { Schema = "twice" };
        options.Projections.Add(new StageCountProjection("twice"));
        options.Projections.Add(new StageCountProjection("twice"));

        Assert.Throws<ArgumentException>(() => new EventStore(DataSource, options));
    }

    [Test]
    public void Should_refuse_an_alias_for_two_types_and_two_aliases_for_a_type()
    {
        var events = new EventTypeRegistry().Register<StageStarted>("a.v1");

        Assert.Throws<ArgumentException>(() => events.Register<StageCompleted>("a.v1"));
        Assert.Throws<ArgumentException>(() => events.Register<StageStarted>("b.v1"));
        Assert.That(events.Register<StageStarted>("a.v1").TypeFor("a.v1"), Is.EqualTo(typeof(StageStarted)), "registering the same pair again is harmless");
    }
}
