using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Spinnaker.Mesh.Dora.Api;
using Spinnaker.Mesh.Dora.Consumers;
using Spinnaker.Mesh.Dora.Configuration;

namespace Spinnaker.Mesh.Dora.Store;

/// <summary>What <see cref="DoraModule"/> registers: the store's events, documents and tables, the consumers, services and endpoints.</summary>
internal static class DoraStore
{
    public static void Configure(StoreOptions options)
    {
        foreach (var (alias, type) in DoraStreams.Events) options.Events.MapEventType(type, alias);
        options.Schema.For<StoredDoraSettings>();
        options.Storage.ExtendedSchemaObjects.Add(DoraTables.CreateDeployments());
        options.Storage.ExtendedSchemaObjects.Add(DoraTables.CreateFindings());
        options.Storage.ExtendedSchemaObjects.Add(DoraTables.CreateApplications());
    }

    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        foreach (var eventType in ExecutionBatchConsumer<Contracts.Executions.V1.PipelineCompleted>.EventTypes)
            bus.AddConsumer(typeof(ExecutionBatchConsumer<>).MakeGenericType(eventType), typeof(ExecutionBatchDefinition<>).MakeGenericType(eventType));
        bus.AddConsumer<CommitWebhookConsumer, CommitWebhookDefinition>();
        bus.AddConsumer<IncidentWebhookConsumer, IncidentWebhookDefinition>();
        bus.AddConsumer<GitPushConsumer, GitPushDefinition>();
    }

    public static WebApplicationBuilder AddServices(WebApplicationBuilder builder)
    {
        builder.AddMeshOptions<DoraOptions>(DoraOptions.Section);
        builder.AddMeshOptions<DoraDefaults>(DoraDefaults.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TenantSettings>();
        builder.Services.AddSingleton<DoraRecorder>();
        builder.Services.AddSingleton<ReadModelReader>();
        return builder;
    }

    public static WebApplication MapEndpoints(WebApplication app)
    {
        var dora = app.MapGroup("/api/dora");
        dora.MapGet("", DoraEndpoints.SummaryAsync);
        dora.MapGet("/deployments", DoraEndpoints.DeploymentsAsync);
        dora.MapGet("/teams", DoraEndpoints.TeamAsync);
        dora.MapGet("/settings", SettingsEndpoints.GetAsync);
        dora.MapPut("/settings", SettingsEndpoints.PutAsync);
        return app;
    }
}
