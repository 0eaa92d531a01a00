using JasperFx.Events.Projections;
using Marten;
using MassTransit;
using Spinnaker.Mesh.CanaryScore.Api;
using Spinnaker.Mesh.CanaryScore.Consumers;
using Spinnaker.Mesh.CanaryScore.Trends;

namespace Spinnaker.Mesh.CanaryScore.Judgments;

/// <summary>Canary judgments and trends: their events, table and projection, consumers, settings and endpoints.</summary>
internal static class JudgmentsModule
{
    /// <summary>
    /// The canary-run and trend events under their stable aliases (never rename one: stored events are read back by
    /// alias), the judgments table (created and migrated by Weasel with Marten's own) and its inline projection, which
    /// a rebuild empties and refills.
    /// </summary>
    public static void ConfigureJudgmentStore(this StoreOptions options)
    {
        foreach (var (alias, type) in CanaryRunStreams.Events) options.Events.MapEventType(type, alias);
        options.Events.MapEventType<CanaryTrendRecorded>(CanaryTrendStreams.Alias);
        options.Storage.ExtendedSchemaObjects.Add(JudgmentTable.Create());
        options.Projections.Add(new JudgmentProjection(), ProjectionLifecycle.Inline, JudgmentProjection.Name,
            rebuild => rebuild.DeleteDataInTableOnTeardown(JudgmentTable.Name.QualifiedName));
    }

    public static void AddJudgmentConsumers(this IBusRegistrationConfigurator bus)
    {
        foreach (var eventType in CanaryExecutionEventDefinition<Contracts.Executions.V1.StageCompleted>.EventTypes)
            bus.AddConsumer(
                typeof(CanaryExecutionEventConsumer<>).MakeGenericType(eventType),
                typeof(CanaryExecutionEventDefinition<>).MakeGenericType(eventType));
        bus.AddConsumer<KayentaCanaryConsumer, KayentaCanaryConsumerDefinition>();
    }

    public static WebApplicationBuilder AddJudgments(this WebApplicationBuilder builder)
    {
        builder.AddMeshOptions<JudgmentOptions>(JudgmentOptions.Section);
        builder.AddMeshOptions<TrendOptions>(TrendOptions.Section);
        builder.Services.AddSingleton(sp => AccountEnvironments.From(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton<JudgmentMetrics>();
        builder.Services.AddSingleton<JudgmentRecorder>();
        builder.Services.AddSingleton<TrendMonitor>();
        return builder;
    }

    public static WebApplication MapJudgmentEndpoints(this WebApplication app)
    {
        var canary = app.MapGroup("/api/canary");
        canary.MapGet("/scores", CanaryScoreEndpoints.ListAsync);
        canary.MapGet("/scores/{judgmentId}", CanaryScoreEndpoints.GetAsync);
        canary.MapGet("/trends", CanaryTrendEndpoint.GetAsync);
        return app;
    }
}
