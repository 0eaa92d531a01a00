using Marten;
using MassTransit;
using Spinnaker.Mesh.CanaryJudge;
using Spinnaker.Mesh.CanaryScore.Impact.Policies;
using Spinnaker.Mesh.CanaryScore.Impact.Assessment;
using Spinnaker.Mesh.CanaryScore.RemoteJudge;
using Spinnaker.Mesh.CanaryScore.Judgments;
using Spinnaker.Mesh.CanaryScore.Series;

namespace Spinnaker.Mesh.CanaryScore;

/// <summary>
/// The canary-score service's registrations: canary judgments from Echo and Kayenta, their history and trends, the
/// Kayenta remote judge, and a Prometheus-compatible query API over Mesh's own series.
/// </summary>
internal static class CanaryScoreModule
{
    /// <summary>The service's PostgreSQL schema: its Marten event store and its tables.</summary>
    public const string Schema = "canary_score";

    public static void ConfigureStore(StoreOptions options)
    {
        options.ConfigureJudgmentStore();
        SeriesModule.ConfigureStore(options);
        options.ConfigureImpactPolicyStore();
        ImpactAssessmentModule.ConfigureStore(options);
    }

    public static void ConfigureConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddJudgmentConsumers();
        SeriesModule.ConfigureConsumers(bus);
        ImpactAssessmentModule.ConfigureConsumers(bus);
    }

    public static WebApplicationBuilder AddCanaryScoreModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NetflixAcaJudge>(_ => new NetflixAcaJudge());
        builder.AddJudgments();
        builder.AddSeries();
        builder.AddImpactPolicies();
        builder.AddImpactAssessment();
        return builder;
    }

    public static WebApplication MapCanaryScoreEndpoints(this WebApplication app)
    {
        app.MapPost(RemoteJudgeEndpoint.Path, RemoteJudgeEndpoint.JudgeAsync);
        app.MapJudgmentEndpoints();
        app.MapPrometheusApi();
        app.MapImpactPolicyEndpoints();
        app.MapImpactAssessmentEndpoints();
        return app;
    }
}
