using JasperFx.Events.Projections;
using Marten;
using MassTransit;
using Spinnaker.Mesh.CanaryScore.Impact.Api;

namespace Spinnaker.Mesh.CanaryScore.Impact.Assessment;

/// <summary>
/// The impact analysis of production deployments: their streams, table, projection and outbox; the consumer that
/// schedules assessments from execution events; the worker that makes them; and the impact API.
/// </summary>
internal static class ImpactAssessmentModule
{
    /// <summary>
    /// The deployment-impact events under their stable aliases, the table (created and migrated by Weasel with
    /// Marten's own) and its inline projection, which a rebuild empties and refills, and the outbox table.
    /// </summary>
    public static void ConfigureStore(StoreOptions options)
    {
        foreach (var (alias, type) in DeploymentImpactStreams.Events) options.Events.MapEventType(type, alias);
        options.Storage.ExtendedSchemaObjects.Add(DeploymentImpactTable.Create());
        options.Storage.ExtendedSchemaObjects.Add(ImpactOutbox.Create());
        options.Projections.Add(new DeploymentImpactProjection(), ProjectionLifecycle.Inline, DeploymentImpactProjection.Name,
            rebuild => rebuild.DeleteDataInTableOnTeardown(DeploymentImpactTable.Name.QualifiedName));
    }

    public static void ConfigureConsumers(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<DeploymentImpactConsumer, DeploymentImpactConsumerDefinition>();

    /// <summary>The settings, the scheduler, the assessor and the worker. The metric sources and policies are the Impact module's.</summary>
    public static WebApplicationBuilder AddImpactAssessment(this WebApplicationBuilder builder)
    {
        builder.AddMeshOptions<ImpactAssessmentOptions>(ImpactAssessmentOptions.Section);
        builder.Services.AddSingleton<ImpactMetrics>();
        builder.Services.AddSingleton<ImpactScheduler>();
        builder.Services.AddSingleton<ImpactAssessor>();
        builder.Services.AddSingleton<ImpactPublisher>();
        builder.Services.AddHostedService<ImpactAssessmentWorker>();
        return builder;
    }

    public static WebApplication MapImpactAssessmentEndpoints(this WebApplication app)
    {
        app.MapGet("/api/deployments/{executionId}/impact", DeploymentImpactEndpoints.GetAsync);
        app.MapGet("/api/impact", DeploymentImpactEndpoints.ListAsync);
        return app;
    }
}
