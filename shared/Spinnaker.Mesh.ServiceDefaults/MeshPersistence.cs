using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Spinnaker.Mesh.EventStore;

namespace Microsoft.Extensions.Hosting;

/// <summary>PostgreSQL for a Mesh service: one data source, the service's event store in its own schema, migrated at start-up.</summary>
public static class MeshPersistence
{
    public static WebApplicationBuilder AddMeshEventStore(this WebApplicationBuilder builder, string schema, Action<EventStoreOptions> configure)
    {
        var connectionString = builder.Configuration.GetConnectionString("postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:postgres is not configured (e.g. Host=127.0.0.1;Username=mesh;Password=mesh;Database=mesh).");
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddSingleton(sp =>
        {
            var options = new EventStoreOptions { Schema = schema };
            configure(options);
            return new EventStore(sp.GetRequiredService<NpgsqlDataSource>(), options);
        });
        builder.Services.AddHostedService<EventStoreMigration>();
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            "postgres", sp => new PostgresHealthCheck(sp.GetRequiredService<NpgsqlDataSource>()), HealthStatus.Unhealthy,
            [MeshServiceDefaults.ReadyTag], TimeSpan.FromSeconds(5)));
        return builder;
    }

    /// <summary>Creates or migrates the schema before consumers and endpoints start.</summary>
    private sealed class EventStoreMigration(EventStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.MigrateAsync(cancellationToken);
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
            {
                return HealthCheckResult.Unhealthy("PostgreSQL is not reachable", e);
            }
        }
    }
}
