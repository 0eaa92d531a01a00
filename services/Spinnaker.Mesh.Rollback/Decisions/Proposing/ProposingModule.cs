using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Spinnaker.Mesh.Rollback.Decisions.Api;
using Spinnaker.Mesh.Rollback.Deployments;
using Spinnaker.Mesh.Rollback.Policies;
using Spinnaker.Mesh.Rollback.Signals;

namespace Spinnaker.Mesh.Rollback.Decisions.Proposing;

/// <summary>
/// Signals into decisions: the deployment history, the four signal consumers, the proposer and the proposals API.
/// </summary>
internal static class ProposingModule
{
    public static void ConfigureStore(StoreOptions options)
    {
        foreach (var table in DeploymentTables.Create()) options.Storage.ExtendedSchemaObjects.Add(table);
        // The proposals list sorts on it; the cooldown reads an application's decisions (indexed by DecisionStreams).
        options.Schema.For<RollbackDecision>().Index(d => d.DecidedAt);
    }

    public static void ConfigureConsumers(IBusRegistrationConfigurator bus)
    {
        foreach (var eventType in DeploymentHistoryDefinition<Contracts.Executions.V1.StageCompleted>.EventTypes)
            bus.AddConsumer(
                typeof(DeploymentHistoryConsumer<>).MakeGenericType(eventType),
                typeof(DeploymentHistoryDefinition<>).MakeGenericType(eventType));
        bus.AddConsumer<CanaryFailConsumer, CanaryFailDefinition>();
        bus.AddConsumer<DeploymentDegradedConsumer, DeploymentDegradedDefinition>();
        bus.AddConsumer<FailedPipelineConsumer, FailedPipelineDefinition>();
        bus.AddConsumer<DurationRegressionConsumer, DurationRegressionDefinition>();
    }

    public static WebApplicationBuilder AddProposing(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeploymentHistory>();
        builder.Services.AddSingleton<RollbackProposer>();
        builder.Services.AddSingleton<ProposalActions>();
        return builder;
    }

    public static WebApplication MapProposing(this WebApplication app) => app.MapProposalEndpoints();
}
