using JasperFx;
using JasperFx.Events;
using JasperFx.MultiTenancy;
using Marten;
using JasperFx.Events.Daemon;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Spinnaker.Mesh.EventSourcing;
using Weasel.Core;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A Mesh service's event store: Marten on one <see cref="NpgsqlDataSource"/>, in the service's own schema, streams
/// named by strings (Orca's execution ids), every stream and document owned by a tenant, events as camelCase JSON.
/// Lives in this namespace so a Program.cs needs no usings.
/// </summary>
public static class MeshEventStore
{
    /// <param name="schema">The service's PostgreSQL schema (e.g. <c>ingest</c>): Marten's tables and the service's own.</param>
    /// <param name="configure">The service's event types (stable aliases), projections and extra Weasel tables.</param>
    public static WebApplicationBuilder AddMeshEventStore(this WebApplicationBuilder builder, string schema, Action<StoreOptions> configure)
    {
        ArgumentException.ThrowIfNullOrEmpty(schema);
        ArgumentNullException.ThrowIfNull(configure);
        var connectionString = builder.Configuration.GetConnectionString("postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:postgres is not configured (e.g. Host=127.0.0.1;Username=mesh;Password=mesh;Database=mesh).");

        builder.Services.AddSingleton(sp => new NpgsqlDataSourceBuilder(connectionString)
            .UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>())
            .Build());

        builder.Services.AddMarten(options =>
            {
                ConfigureConventions(options, schema);
                configure(options);
            })
            .UseNpgsqlDataSource()
            .UseLightweightSessions()
            // Async projections (where lag is acceptable) run on one replica at a time; with none registered it idles.
            .AddAsyncDaemon(DaemonMode.HotCold);

        // First of all hosted services, whatever order Program.cs registers them in: no consumer, daemon or endpoint
        // may touch a table before it exists. Replaces Marten's ApplyAllDatabaseChangesOnStartup, whose lock gives
        // up after ~0.4 s and fails the start of a replica that loses the race against a slow first migration.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, StartupSchemaMigration>());

        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            "postgres", sp => new PostgresReadinessCheck(sp.GetRequiredService<NpgsqlDataSource>()), HealthStatus.Unhealthy,
            [MeshServiceDefaults.ReadyTag], TimeSpan.FromSeconds(5)));

        // Every PostgreSQL command of the service (Marten's and its own SQL) is traced and measured.
        builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddNpgsql());
        builder.Services.ConfigureOpenTelemetryMeterProvider(m => m.AddMeter("Npgsql"));

        // `dotnet <service>.dll projections rebuild`, `db-apply`, `db-assert`, `describe` (JasperFx command line);
        // without arguments the service runs as usual.
        builder.Host.ApplyJasperFxExtensions();
        return builder;
    }

    /// <summary>What every Mesh store shares; public so specs build the same store outside a web host.</summary>
    public static void ConfigureConventions(StoreOptions options, string schema)
    {
        options.DatabaseSchemaName = schema;
        options.Events.StreamIdentity = StreamIdentity.AsString;
        options.Events.TenancyStyle = TenancyStyle.Conjoined;
        options.Policies.AllDocumentsAreMultiTenanted();
        // Deterministic ids make a duplicate an error here; IdempotentAppend leaves stored ids out beforehand.
        options.Events.EnableUniqueIndexOnEventId = true;
        options.Events.AppendMode = EventAppendMode.Quick;
        options.UseSystemTextJsonForSerialization(enumStorage: EnumStorage.AsString, casing: Casing.CamelCase);
        // Everything is created at start-up by StartupSchemaMigration; this only matters for tools run against a new database.
        options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
    }
}
