using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Tests.Incidents.Support;
using Spinnaker.Mesh.Rollback.Tests.Support;
using Spinnaker.Mesh.Testing;
using static Spinnaker.Mesh.Rollback.Tests.Incidents.Support.PipelineRuns;

namespace Spinnaker.Mesh.Rollback.Tests.Incidents;

/// <summary>The run history keeps the latest runs of each pipeline only (<c>HistoryPerPipeline</c>, here 3).</summary>
[TestFixture, NonParallelizable]
public sealed class When_a_pipeline_has_run_more_often_than_the_history_keeps
{
    private const string Tenant = "incidents-history";
    private RollbackService _service = null!;

    [OneTimeSetUp]
    public async Task Start() => _service = await RollbackService.StartAsync(new Dictionary<string, string>
    {
        ["Mesh__Rollback__Incidents__HistoryPerPipeline"] = "3",
    });

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_service is not null) await _service.DisposeAsync();
    }

    [Test]
    public async Task Should_keep_the_latest_runs_and_not_judge_one_older_than_all_of_them()
    {
        var payments = new PipelineRuns(Tenant);
        var checkout = new PipelineRuns(Tenant, application: "checkout", configId: "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", pipelineName: "Deploy checkout");
        foreach (var hour in new[] { 1, 2, 3, 4, 5 })
            await _service.PublishAsync(payments.Succeeded($"S{hour}", At(hour)));
        await _service.PublishAsync(checkout.Succeeded("C1", At(1)));
        await _service.Isolated.AcknowledgedAsync("rollback-incidents", 6);

        await _service.PublishAsync(payments.Failed("F-old", At(0.5)), checkout.Failed("C-F1", At(0.5)));
        await _service.Isolated.AcknowledgedAsync("rollback-incidents", 8);

        Assert.That(await Kept("id:" + payments.ConfigId), Is.EqualTo(new[] { "S3", "S4", "S5" }));
        var incidents = (await _service.GetJsonAsync("/api/incidents", Tenant)).GetProperty("incidents").EnumerateArray()
            .Select(i => i.GetProperty("openedByExecutionId").GetString());
        Assert.That(incidents, Is.EqualTo(new[] { "C-F1" }), "checkout's history is not full: its late failure is judged (and resolved by C1)");
    }

    private async Task<string[]> Kept(string pipelineKey)
    {
        var kept = new List<string>();
        await using var command = _service.Isolated.Database.CreateCommand(
            "SELECT execution_id FROM rollback.incident_runs WHERE tenant = $1 AND pipeline_key = $2 ORDER BY ended_at");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = Tenant });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = pipelineKey });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) kept.Add(reader.GetString(0));
        return [.. kept];
    }
}
