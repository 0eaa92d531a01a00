using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Spinnaker.Mesh.ExecutionTree.Statistics;

/// <summary>
/// Statistics over the read model: pipelines, stage failures, gates, templates. The service calls
/// <see cref="AddStatistics"/> beside its <c>NpgsqlDataSource</c> and maps <see cref="MapStatisticsEndpoints"/>.
/// </summary>
public static class StatisticsModule
{
    public static IServiceCollection AddStatistics(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PipelineStatistics>();
        services.TryAddSingleton<StageFailureStatistics>();
        services.TryAddSingleton<GateStatistics>();
        services.TryAddSingleton<TemplateStatistics>();
        return services;
    }

    public static WebApplication MapStatisticsEndpoints(this WebApplication app)
    {
        app.MapGet("/api/pipelines/stats", StatisticsEndpoints.PipelinesAsync);
        app.MapGet("/api/stages/failures", StatisticsEndpoints.StageFailuresAsync);
        app.MapGet("/api/gates", StatisticsEndpoints.GatesAsync);
        app.MapGet("/api/templates/stats", StatisticsEndpoints.TemplatesAsync);
        return app;
    }
}
