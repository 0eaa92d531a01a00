using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NUnit.Framework;
using Spinnaker.Mesh.EventSourcing.Tests.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.EventSourcing.Tests;

[NonParallelizable]
public sealed class When_two_replicas_start_at_once_against_an_empty_database
{
    private const string Schema = "replicas";
    private TestPostgres _postgres = null!;
    private readonly List<WebApplication> _hosts = [];
    private Exception? _failure;

    [OneTimeSetUp]
    public async Task StartBoth()
    {
        _postgres = await TestPostgres.CreateAsync();
        _hosts.Add(Build());
        _hosts.Add(Build());
        try
        {
            await Task.WhenAll(_hosts.Select(h => h.StartAsync()));
        }
        catch (Exception e)
        {
            _failure = e;
        }
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }
        await _postgres.DisposeAsync();
    }

    [Test]
    public void Should_start_both()
    {
        Assert.That(_failure, Is.Null);
    }

    [Test]
    public void Should_have_created_the_schema_before_a_consumer_registered_first_started()
    {
        Assert.That(_hosts.Select(h => h.Services.GetRequiredService<ConsumerProbe>().EventsTableExisted), Is.EqualTo(new[] { true, true }));
    }

    [Test]
    public async Task Should_let_both_append_and_read()
    {
        var streamId = TestEvents.NewStreamId();
        foreach (var (host, stage) in _hosts.Zip(["build", "deploy"]))
        {
            await using var session = host.Services.GetRequiredService<IDocumentStore>().LightweightSession("acme");
            await session.AppendNewAsync([TestEvents.Started("acme", streamId, stage)], CancellationToken.None);
            await session.SaveChangesAsync();
        }
        var events = await _hosts[0].Services.GetRequiredService<IDocumentStore>().QuerySession("acme").Events.FetchStreamAsync(streamId);
        Assert.That(events, Has.Count.EqualTo(2));
    }

    private WebApplication Build()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["ConnectionStrings:postgres"] = _postgres.ConnectionString;
        // Registered before the event store, as a careless Program.cs might: it must still start after the migration.
        builder.Services.AddSingleton<ConsumerProbe>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ConsumerProbe>());
        builder.AddMeshEventStore(Schema, options =>
        {
            TestEvents.Register(options);
            options.Projections.Add(new StageCountProjection(Schema), ProjectionLifecycle.Inline);
        });
        return builder.Build();
    }

    /// <summary>Stands for a message consumer: at its start it looks for the events table.</summary>
    private sealed class ConsumerProbe(NpgsqlDataSource db) : IHostedService
    {
        public bool EventsTableExisted { get; private set; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var command = db.CreateCommand($"SELECT to_regclass('{Schema}.mt_events') IS NOT NULL");
            EventsTableExisted = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

[NonParallelizable]
public sealed class When_a_replica_starts_while_another_one_migrates
{
    [Test]
    public async Task Should_wait_for_the_migration_however_long_it_takes_and_then_come_up()
    {
        await using var postgres = await TestPostgres.CreateAsync();
        await using var db = postgres.CreateDataSource();
        // Another replica's migration holds the lock for as long as this spec wants: far beyond Marten's own ~0.4 s.
        await using var migrating = await db.OpenConnectionAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext($1))", migrating))
        {
            take.Parameters.AddWithValue(StartupSchemaMigration.LockName);
            await take.ExecuteNonQueryAsync();
        }

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["ConnectionStrings:postgres"] = postgres.ConnectionString;
        builder.AddMeshEventStore("waiting", TestEvents.Register);
        await using var host = builder.Build();
        var start = host.StartAsync();

        await Eventually.GetAsync(async () =>
        {
            await using var waiting = db.CreateCommand(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
            return (long)(await waiting.ExecuteScalarAsync())!;
        }, waiting => waiting > 0, TimeSpan.FromSeconds(30), "the replica to queue on the migration lock");
        // Queued on the lock, not failed: Marten's own start-up migration gives up on its lock after ~0.4 s.
        Assert.That(start.IsCompleted, Is.False, "the replica did not wait for the migration");

        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext($1))", migrating))
        {
            release.Parameters.AddWithValue(StartupSchemaMigration.LockName);
            await release.ExecuteNonQueryAsync();
        }
        await start.WaitAsync(TimeSpan.FromSeconds(60));

        await using var exists = db.CreateCommand("SELECT to_regclass('waiting.mt_events') IS NOT NULL");
        Assert.That((bool)(await exists.ExecuteScalarAsync())!, Is.True);
        await host.StopAsync();
    }
}
