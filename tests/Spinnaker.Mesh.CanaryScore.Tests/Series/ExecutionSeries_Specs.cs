using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Tests.Support;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Series;

/// <summary>
/// The service's consumer turns published execution events into series: a production deploy pipeline with a
/// Kubernetes deploy, an AWS deploy (a deploy stage and its synthetic createServerGroup) and a rollback, and an
/// orchestration. Every event is delivered twice and a stage event arrives after its pipeline's completion.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class Execution_events_published_to_the_service
{
    private const string Tenant = "executions";
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private SeriesServiceFixture _service = null!;

    [OneTimeSetUp]
    public async Task Publish()
    {
        _service = await SeriesServiceFixture.StartAsync(new Dictionary<string, string>
        {
            ["Mesh__CanaryScore__AccountEnvironments__prod-use1"] = "production",
        });
        var pipeline = Execution("01HXPIPELINE0000000000000001", "PIPELINE", "Deploy to production", "SUCCEEDED", T0, T0.AddSeconds(69));
        var stages = new[]
        {
            Stage("01HXSTAGE000000000000000001", "deployManifest", "SUCCEEDED", T0.AddSeconds(1), T0.AddSeconds(41), account: "prod-use1"),
            Stage("01HXSTAGE000000000000000002", "deploy", "SUCCEEDED", T0.AddSeconds(41), T0.AddSeconds(60)),
            Stage("01HXSTAGE000000000000000003", "createServerGroup", "SUCCEEDED", T0.AddSeconds(42), T0.AddSeconds(59), account: "staging",
                parent: "01HXSTAGE000000000000000002"),
            Stage("01HXSTAGE000000000000000004", "rollbackServerGroup", "SUCCEEDED", T0.AddSeconds(60), T0.AddSeconds(65), account: "prod-use1"),
            Stage("01HXSTAGE000000000000000005", "wait", "NOT_STARTED", null, null),
        };
        var orchestration = Execution("01HXORCHESTRATION00000000001", "ORCHESTRATION", "Save pipeline 'Deploy to production'", "SUCCEEDED",
            T0.AddSeconds(100), T0.AddSeconds(102));
        var save = Stage("01HXSTAGE000000000000000006", "savePipeline", "SUCCEEDED", T0.AddSeconds(100), T0.AddSeconds(102));
        IExecutionEvent[] events =
        [
            new StageCompleted(Guid.NewGuid(), T0.AddSeconds(59), pipeline with { Status = "RUNNING", EndTime = null }, stages[2]),
            new PipelineCompleted(Guid.NewGuid(), T0.AddSeconds(69), pipeline, stages),
            new StageCompleted(Guid.NewGuid(), T0.AddSeconds(41), pipeline with { Status = "RUNNING", EndTime = null }, stages[0]),
            new OrchestrationCompleted(Guid.NewGuid(), T0.AddSeconds(102), orchestration, [save]),
        ];
        await _service.PublishAsync(events);
        await _service.PublishAsync(events);
        await _service.DrainedAsync();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_service is not null) await _service.DisposeAsync();
    }

    [Test]
    public async Task Stores_each_sample_once()
    {
        // Pipeline: duration + count; stages: 4 durations, 2 deployments, 1 rollback. Orchestration: duration + count + 1 stage.
        Assert.That(await _service.CountAsync("SELECT count(*) FROM canary_score.series_samples"), Is.EqualTo(12));
    }

    [TestCase("mesh_deployments_total", """[{"application":"checkout","environment":"production"},1],[{"application":"checkout","environment":"staging"},1]""")]
    [TestCase("mesh_rollbacks_total", """[{"application":"checkout","environment":"production"},1]""")]
    [TestCase("mesh_pipeline_duration_seconds", """[{"application":"checkout","pipeline":"Deploy to production","status":"SUCCEEDED"},69],[{"application":"checkout","pipeline":"orchestration:savePipeline","status":"SUCCEEDED"},2]""")]
    [TestCase("mesh_pipeline_executions_total", """[{"application":"checkout","pipeline":"Deploy to production","status":"SUCCEEDED"},1],[{"application":"checkout","pipeline":"orchestration:savePipeline","status":"SUCCEEDED"},1]""")]
    [TestCase("mesh_stage_duration_seconds", """[{"application":"checkout","stage_type":"createServerGroup","status":"SUCCEEDED"},17],[{"application":"checkout","stage_type":"deploy","status":"SUCCEEDED"},19],[{"application":"checkout","stage_type":"deployManifest","status":"SUCCEEDED"},40],[{"application":"checkout","stage_type":"rollbackServerGroup","status":"SUCCEEDED"},5],[{"application":"checkout","stage_type":"savePipeline","status":"SUCCEEDED"},2]""")]
    public async Task Serves_them_through_the_Prometheus_API(string metric, string expected)
    {
        var query = Uri.EscapeDataString($"sum({metric}) without ()");
        var (status, _, body) = await _service.CallAsync($"api/prometheus/api/v1/query?query={query}&time={T0.ToUnixTimeSeconds() + 110}", Tenant);
        Assert.That(status, Is.EqualTo(200), body);
        using var json = JsonDocument.Parse(body);
        var points = json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(r => $"[{r.GetProperty("metric").GetRawText()},{r.GetProperty("value")[1].GetString()}]");
        Assert.That(string.Join(",", points), Is.EqualTo(expected));
    }

    private static ExecutionInfo Execution(string id, string type, string name, string status, DateTimeOffset start, DateTimeOffset end) =>
        new(Tenant, "checkout", id, type, name, type == "PIPELINE" ? "c0ffee00-0000-4000-8000-000000000001" : null, status, start, end,
            null, null, false, null, null);

    private static StageInfo Stage(string id, string type, string status, DateTimeOffset? start, DateTimeOffset? end, string? account = null,
        string? parent = null) =>
        new(id, null, type, type, status, start, end, [], parent, parent is null ? null : "STAGE_BEFORE", null, account, [], null, null, [], [], null, null);
}
