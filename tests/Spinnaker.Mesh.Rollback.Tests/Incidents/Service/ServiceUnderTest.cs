using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Incidents.Consumers;
using Spinnaker.Mesh.Rollback.Tests.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Rollback.Tests.Incidents.Service;

/// <summary>One rollback process for the incident specs; each fixture keeps to a tenant of its own.</summary>
[SetUpFixture]
public sealed class ServiceUnderTest
{
    internal static RollbackService TheService { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task Start() => TheService = await RollbackService.StartAsync();

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (TheService is not null) await TheService.DisposeAsync();
    }

    /// <summary>Publishes runs one after the other, each once the service recorded the one before, so that arrival order is the order given.</summary>
    public static async Task PublishInOrderAsync(params PipelineCompleted[] runs)
    {
        foreach (var run in runs)
        {
            await TheService.PublishAsync(run);
            await Eventually.GetAsync(() => RecordedAsync(run), recorded => recorded, TimeSpan.FromSeconds(60),
                $"{run.Execution.ExecutionId} to be recorded\n{TheService.Logs}");
        }
    }

    /// <summary>Whether the pipeline's run history holds this outcome of the execution.</summary>
    public static async Task<bool> RecordedAsync(PipelineCompleted run) =>
        await TheService.Isolated.CountAsync(
            "SELECT count(*) FROM rollback.incident_runs WHERE tenant = $1 AND execution_id = $2 AND status = $3 AND ended_at = $4",
            run.Execution.Tenant, run.Execution.ExecutionId, run.Execution.Status, (run.Execution.EndTime ?? run.OccurredAt).ToUniversalTime()) > 0;

    /// <summary>Waits until the service acknowledged every execution event the specs published so far.</summary>
    public static Task AllConsumedAsync() =>
        TheService.Isolated.AcknowledgedAsync(IncidentExecutionConsumerDefinition.Queue, TheService.Isolated.Published);

    public static Task<JsonElement> IncidentsAsync(string tenant, string query = "") => TheService.GetJsonAsync($"/api/incidents{query}", tenant);

    /// <summary>Polls the list until <paramref name="done"/> accepts its incidents; returns them.</summary>
    public static async Task<JsonElement[]> IncidentsUntilAsync(string tenant, string query, Func<JsonElement[], bool> done, string what)
    {
        static JsonElement[] Incidents(JsonElement list) => [.. list.GetProperty("incidents").EnumerateArray()];
        return Incidents(await TheService.UntilAsync($"/api/incidents{query}", tenant, list => done(Incidents(list)), what));
    }

    public static Task<JsonElement> IncidentAsync(string tenant, string incidentId) => TheService.GetJsonAsync($"/api/incidents/{incidentId}", tenant);

    /// <summary>Every IncidentOpened of the tenant received so far, duplicates included, with its message id.</summary>
    public static IReadOnlyList<(IncidentOpened Message, Guid? MessageId)> Opened(string tenant) =>
        [.. TheService.Messages.WithIds<IncidentOpened>().Where(m => m.Message.Tenant == tenant)];

    /// <summary>Every IncidentResolved of the tenant received so far, duplicates included, with its message id.</summary>
    public static IReadOnlyList<(IncidentResolved Message, Guid? MessageId)> Resolved(string tenant) =>
        [.. TheService.Messages.WithIds<IncidentResolved>().Where(m => m.Message.Tenant == tenant)];

    /// <summary>Waits until at least <paramref name="count"/> messages of <paramref name="of"/> arrived.</summary>
    public static Task<IReadOnlyList<T>> ReceivedAsync<T>(Func<IReadOnlyList<T>> of, int count, string what) =>
        Eventually.GetAsync(() => Task.FromResult(of()), m => m.Count >= count, TimeSpan.FromSeconds(60), $"{what}\n{TheService.Logs}");
}
