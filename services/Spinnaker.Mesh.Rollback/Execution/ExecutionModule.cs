using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Spinnaker.Mesh.Rollback.Execution;

/// <summary>
/// Carrying out approved decisions through Gate at most once (<see cref="DecisionExecutor"/>, fed by
/// <see cref="RollbackApprovedConsumer"/> and <see cref="DecisionSweep"/>) and following the rollback execution to its
/// end (<see cref="RollbackVerifier"/>, fed by <see cref="PipelineCompletedConsumer"/>).
/// </summary>
internal static class ExecutionModule
{
    public static void ConfigureStore(StoreOptions options) => options.Storage.ExtendedSchemaObjects.Add(ExecutionOutbox.Table);

    public static void ConfigureConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<RollbackApprovedConsumer, RollbackApprovedConsumerDefinition>();
        bus.AddConsumer<PipelineCompletedConsumer, PipelineCompletedConsumerDefinition>();
    }

    public static WebApplicationBuilder AddExecution(this WebApplicationBuilder builder)
    {
        builder.AddMeshOptions<ExecutionOptions>(ExecutionOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ExecutionOutbox>();
        builder.Services.AddSingleton<DecisionExecutor>();
        builder.Services.AddSingleton<RollbackVerifier>();
        builder.Services.AddHostedService<DecisionSweep>();
        return builder;
    }
}
