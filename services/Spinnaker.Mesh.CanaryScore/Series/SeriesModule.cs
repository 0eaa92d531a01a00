using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Spinnaker.Mesh.CanaryScore.Consumers;
using Spinnaker.Mesh.CanaryScore.Prometheus;
using Spinnaker.Mesh.CanaryScore.Prometheus.Query;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.CanaryScore.Series;

/// <summary>
/// Mesh's own series: their tables, the consumer that records execution series, and the Prometheus-compatible API
/// (mounted at <see cref="BasePath"/>) that Kayenta and Grafana read them through.
/// </summary>
internal static class SeriesModule
{
    /// <summary>One quorum queue for the execution event types that make series.</summary>
    public const string Queue = "canary-score-series";

    /// <summary>The Prometheus base URL's path: Kayenta's and Grafana's base URL is <c>http://&lt;gateway&gt;/api/prometheus</c>.</summary>
    public const string BasePath = "/api/prometheus";

    public static readonly IReadOnlyList<Type> ExecutionEvents = [typeof(PipelineCompleted), typeof(OrchestrationCompleted), typeof(StageCompleted)];

    public static void ConfigureStore(StoreOptions options) => options.Storage.ExtendedSchemaObjects.AddRange(SeriesSchema.Tables());

    public static void ConfigureConsumers(IBusRegistrationConfigurator bus)
    {
        foreach (var eventType in ExecutionEvents)
            bus.AddConsumer(
                typeof(ExecutionSeriesBatchConsumer<>).MakeGenericType(eventType),
                typeof(ExecutionSeriesBatchDefinition<>).MakeGenericType(eventType));
    }

    public static WebApplicationBuilder AddSeries(this WebApplicationBuilder builder)
    {
        builder.AddMeshOptions<ExecutionSeriesOptions>(ExecutionSeriesOptions.Section);
        builder.AddMeshOptions<PrometheusApiOptions>(PrometheusApiOptions.Section);
        builder.Services.AddSingleton<ExecutionSeriesSamples>();
        builder.Services.AddSingleton<SeriesReader>();
        builder.Services.AddSingleton<QueryEngine>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    public static WebApplication MapPrometheusApi(this WebApplication app)
    {
        var api = app.MapGroup(BasePath);
        string[] getOrPost = [HttpMethods.Get, HttpMethods.Post];
        api.MapMethods("/api/v1/query_range", getOrPost, PrometheusEndpoints.QueryRangeAsync).DisableAntiforgery();
        api.MapMethods("/api/v1/query", getOrPost, PrometheusEndpoints.QueryAsync).DisableAntiforgery();
        api.MapMethods("/api/v1/labels", getOrPost, PrometheusEndpoints.LabelsAsync).DisableAntiforgery();
        api.MapGet("/api/v1/label/{name}/values", PrometheusEndpoints.LabelValuesAsync);
        api.MapMethods("/api/v1/series", getOrPost, PrometheusEndpoints.SeriesAsync).DisableAntiforgery();
        api.MapGet("/api/v1/metadata", PrometheusEndpoints.Metadata);
        api.MapGet("/api/v1/status/buildinfo", PrometheusEndpoints.BuildInfo);
        api.MapMethods("/-/healthy", [HttpMethods.Get, HttpMethods.Head], () => Results.Text("Prometheus Server is Healthy.\n"));
        api.MapMethods("/-/ready", [HttpMethods.Get, HttpMethods.Head], () => Results.Text("Prometheus Server is Ready.\n"));
        return app;
    }
}
