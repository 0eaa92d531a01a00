using System.Net;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Decisions;
using Spinnaker.Mesh.Rollback.Rollbacks;
using Spinnaker.Mesh.Rollback.Tests.Anomalies;
using Spinnaker.Mesh.Rollback.Tests.Support;
using Spinnaker.Mesh.Testing;
using static Spinnaker.Mesh.Rollback.Tests.Rollbacks.Executions;

namespace Spinnaker.Mesh.Rollback.Tests.Rollbacks;

/// <summary>
/// The rollback service as its own process, fed what ingest and the canary-score and execution-tree services publish:
/// one tenant per kind of rollback (so that each lists only its own anomalies), and one tenant holding them all for the
/// list's filters. Everything is then delivered a second time, and a rollback whose stale snapshot arrives after its end
/// comes last.
/// </summary>
[NonParallelizable]
public sealed class When_the_rollback_service_watches_executions
{
    private const string ExecutionQueue = "rollback-execution-events";
    private const string SignalQueue = "rollback-anomaly-signals";

    private readonly Scenarios.ServerGroupRollback _serverGroup = new("sg");
    private readonly Scenarios.DeployFailureRollback _deployFailure = new("orca");
    private readonly Scenarios.ManifestRollback _manifest = new("k8s");
    private readonly Scenarios.MeshTriggered _mesh = new("mesh");
    private readonly Scenarios.RollbackPipelineByName _named = new("named");
    private readonly Scenarios.ServerGroupRollback _late = new("late");

    private RollbackService _service = null!;
    private (long Events, long Anomalies, long Views) _before;
    private (long Events, long Anomalies, long Views) _after;

    /// <summary>Before the server-group rollback (minute 60) on payments-api: four to list, five not to.</summary>
    private static object[] SignalsBefore() =>
    [
        Tests.Anomalies.Signals.Canary("Fail", 41, At(30), tenant: "sg"),
        Tests.Anomalies.Signals.Canary("Marginal", 62, At(45), tenant: "sg"),
        Tests.Anomalies.Signals.Canary("Pass", 93, At(50), tenant: "sg"),
        Tests.Anomalies.Signals.Degraded(At(50), tenant: "sg"),
        Tests.Anomalies.Signals.Regressed(At(55), tenant: "sg"),
        Tests.Anomalies.Signals.Canary("Fail", 12, At(40), service: "payments-worker", tenant: "sg"),
        Tests.Anomalies.Signals.Canary("Fail", 20, At(-70), tenant: "sg"),
        Tests.Anomalies.Signals.Canary("Fail", 30, At(65), tenant: "sg"),
        Tests.Anomalies.Signals.Canary("Fail", 25, At(40), tenant: "sg", application: "ledger"),
    ];

    private IExecutionEvent[] AllExecutions() =>
    [
        .. _serverGroup.Events(), .. _deployFailure.Events(), .. _manifest.Events(), .. _mesh.Events(), .. _named.Events(),
        .. new Scenarios.ServerGroupRollback("mixed").Events(), .. new Scenarios.DeployFailureRollback("mixed").Events(),
        .. new Scenarios.ManifestRollback("mixed").Events(), .. new Scenarios.MeshTriggered("mixed").Events(),
        .. new Scenarios.RollbackPipelineByName("mixed").Events(),
    ];

    [OneTimeSetUp]
    public async Task StartFeedAndFeedAgain()
    {
        _service = await RollbackService.StartAsync(new Dictionary<string, string> { ["Mesh__Rollback__Recognition__BatchTimeLimit"] = "00:00:00.050" });
        await ProposeAsync("mesh", _mesh.DecisionId);
        await ProposeAsync("mixed", _mesh.DecisionId);

        var signals = SignalsBefore();
        var executions = AllExecutions();
        await _service.PublishAsync(signals);
        await _service.Isolated.AcknowledgedAsync(SignalQueue, signals.Length);
        await _service.PublishAsync([.. executions]);
        await ObservedAsync(10);
        await _service.Isolated.AcknowledgedAsync(ExecutionQueue, executions.Length);
        _before = await CountsAsync();

        await _service.PublishAsync(signals);
        await _service.PublishAsync([.. executions]);
        await _service.Isolated.AcknowledgedAsync(SignalQueue, 2 * signals.Length);
        await _service.Isolated.AcknowledgedAsync(ExecutionQueue, 2 * executions.Length);
        _after = await CountsAsync();

        // Last: a rollback's end, then a snapshot taken while it still ran.
        await _service.PublishAsync(_late.PipelineEnded(), StageEnded(_late.Execution(), _late.Enable(), _late.Rollback("RUNNING")));
        await ObservedAsync(11);
        await _service.Isolated.AcknowledgedAsync(ExecutionQueue, 2 * executions.Length + 2);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _service.DisposeAsync();

    [Test]
    public async Task Should_list_a_manual_server_group_rollback_with_what_preceded_it_on_its_cluster()
    {
        var list = await _service.GetJsonAsync("/api/rollbacks?application=payments", "sg");
        var rollback = list.GetProperty("rollbacks").EnumerateArray().Single();

        Assert.Multiple(() =>
        {
            Assert.That(Text(rollback, "rollbackId"), Is.EqualTo(_serverGroup.RollbackId));
            Assert.That(Text(rollback, "kind"), Is.EqualTo("rollbackServerGroup"));
            Assert.That((Text(rollback, "cluster"), Text(rollback, "account"), Text(rollback, "region")), Is.EqualTo(("payments-api", "prod", "us-east-1")));
            Assert.That((Text(rollback, "fromVersion"), Text(rollback, "toVersion")), Is.EqualTo(("payments-api-v042", "payments-api-v041")));
            Assert.That((rollback.GetProperty("automatic").GetBoolean(), Text(rollback, "triggeredBy")), Is.EqualTo((false, "bob@example.com")));
            Assert.That((Text(rollback, "status"), rollback.GetProperty("final").GetBoolean()), Is.EqualTo(("SUCCEEDED", true)));
            Assert.That(Text(rollback, "startedAt"), Is.EqualTo("2026-03-02T11:00:00.000Z"));
            Assert.That(Anomalies(rollback), Is.EqualTo(new[]
            {
                ("canaryFail", "2026-03-02T10:30:00.000Z"), ("canaryMarginal", "2026-03-02T10:45:00.000Z"),
                ("deploymentDegraded", "2026-03-02T10:50:00.000Z"), ("durationRegression", "2026-03-02T10:55:00.000Z"),
            }));
        });
    }

    [Test]
    public void Should_publish_each_rollback_once_when_it_ends_with_the_anomalies_known_then()
    {
        var observed = _service.Messages.Of<RollbackObserved>();
        var serverGroup = observed.Single(o => o.Tenant == "sg");

        Assert.Multiple(() =>
        {
            Assert.That(observed.GroupBy(o => (o.Tenant, o.RollbackId)).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "published twice");
            Assert.That(observed, Has.Count.EqualTo(11));
            Assert.That(serverGroup.EventId, Is.EqualTo(RollbackStreams.ObservedId("sg", _serverGroup.RollbackId)));
            Assert.That(serverGroup.PrecedingAnomalies.Select(a => a.Kind), Is.EqualTo(new[] { "canaryFail", "canaryMarginal", "deploymentDegraded", "durationRegression" }));
            Assert.That(serverGroup.PrecedingAnomalies[0].Summary, Is.EqualTo("canary score 41 (Fail) for payments-api, config latency: p99-latency High"));
        });
    }

    [Test]
    public async Task Should_recognize_Orcas_rollback_of_a_failed_deploy_and_list_the_failure_it_answers()
    {
        var rollback = await _service.GetJsonAsync($"/api/rollbacks/{_deployFailure.RollbackId}", "orca");
        var observed = _service.Messages.Of<RollbackObserved>().Single(o => o.Tenant == "orca");

        Assert.Multiple(() =>
        {
            Assert.That(Text(rollback, "kind"), Is.EqualTo("deployFailureRollback"));
            Assert.That((rollback.GetProperty("automatic").GetBoolean(), Text(rollback, "triggeredBy")), Is.EqualTo((true, "orca")));
            Assert.That(Text(rollback, "reason"), Is.EqualTo($"stage 'Deploy in us-east-1' (createServerGroup) failed: {Scenarios.DeployFailureRollback.Error}"));
            Assert.That((Text(rollback, "fromVersion"), Text(rollback, "toVersion"), Text(rollback, "cluster")),
                Is.EqualTo(("payments-api-v043", "payments-api-v042", "payments-api")));
            Assert.That(Anomalies(rollback), Is.EqualTo(new[] { ("stageFailed", "2026-03-02T10:18:00.000Z") }), "the deploy stage itself ended after the rollback");
            Assert.That(observed.PrecedingAnomalies.Select(a => a.Reference), Is.EqualTo(new[] { _deployFailure.CreateId }),
                "the failure was in the snapshot of the rollback's end");
        });
    }

    [Test]
    public async Task Should_recognize_the_manifest_rollback_a_failed_pipeline_started()
    {
        var rollback = await _service.GetJsonAsync($"/api/rollbacks/{_manifest.RollbackId}", "k8s");

        Assert.Multiple(() =>
        {
            Assert.That((Text(rollback, "kind"), Text(rollback, "application")), Is.EqualTo(("undoRolloutManifest", "checkout")));
            Assert.That((Text(rollback, "cluster"), Text(rollback, "namespace"), Text(rollback, "account")), Is.EqualTo(("deployment checkout-api", "checkout", "prod-use1")));
            Assert.That((Text(rollback, "fromVersion"), Text(rollback, "toVersion")), Is.EqualTo(("1.9.0", "revision 41")));
            Assert.That((rollback.GetProperty("automatic").GetBoolean(), Text(rollback, "triggeredBy")), Is.EqualTo((true, "Deploy to production (k8s)")));
            Assert.That(Text(rollback, "reason"), Is.EqualTo($"Deploy to production (k8s) TERMINAL: {Scenarios.ManifestRollback.ParentError}"));
        });
    }

    [Test]
    public async Task Should_take_a_Mesh_triggered_rollback_as_its_decision_describes_it()
    {
        var rollback = await _service.GetJsonAsync($"/api/rollbacks/{_mesh.ExecutionId}", "mesh");

        Assert.Multiple(() =>
        {
            Assert.That((Text(rollback, "kind"), Text(rollback, "decisionId")), Is.EqualTo(("meshTriggered", _mesh.DecisionId)));
            Assert.That((rollback.GetProperty("automatic").GetBoolean(), Text(rollback, "triggeredBy")), Is.EqualTo((true, "spinnaker-mesh")));
            Assert.That(Text(rollback, "reason"), Is.EqualTo("canary score 41 (Fail) for checkout-api, config latency"));
            Assert.That((Text(rollback, "fromVersion"), Text(rollback, "toVersion")), Is.EqualTo(("1.9.0", "1.8.2")));
            Assert.That((Text(rollback, "cluster"), Text(rollback, "namespace")), Is.EqualTo(("deployment checkout-api", "checkout")));
        });
    }

    [Test]
    public async Task Should_recognize_a_rollback_pipeline_by_its_name()
    {
        var rollback = await _service.GetJsonAsync($"/api/rollbacks/{_named.ExecutionId}", "named");

        Assert.Multiple(() =>
        {
            Assert.That((Text(rollback, "kind"), Text(rollback, "application"), Text(rollback, "toVersion")), Is.EqualTo(("rollbackPipeline", "ledger", "3.2.0")));
            Assert.That((rollback.GetProperty("automatic").GetBoolean(), Text(rollback, "triggeredBy")), Is.EqualTo((true, "cron")));
        });
    }

    [Test]
    public async Task Should_list_a_tenants_rollbacks_newest_first_within_the_times_and_limit_asked()
    {
        var all = Ids(await _service.GetJsonAsync("/api/rollbacks", "mixed"));
        var window = Ids(await _service.GetJsonAsync("/api/rollbacks?from=2026-03-02T10:15:00Z&to=2026-03-02T10:45:00Z", "mixed"));
        var limited = Ids(await _service.GetJsonAsync("/api/rollbacks?limit=2", "mixed"));
        var checkout = Ids(await _service.GetJsonAsync("/api/rollbacks?application=checkout", "mixed"));

        Assert.Multiple(() =>
        {
            Assert.That(all, Is.EqualTo(new[]
            {
                new Scenarios.ServerGroupRollback().RollbackId, new Scenarios.RollbackPipelineByName().ExecutionId, new Scenarios.MeshTriggered().ExecutionId,
                new Scenarios.DeployFailureRollback().RollbackId, new Scenarios.ManifestRollback().RollbackId,
            }));
            Assert.That(window, Is.EqualTo(all[1..4]), "started 10:40, 10:30 and 10:20");
            Assert.That(limited, Is.EqualTo(all[..2]));
            Assert.That(checkout, Is.EqualTo(new[] { all[2], all[4] }));
        });
    }

    [Test]
    public void Should_change_nothing_when_the_same_events_arrive_again() =>
        Assert.That(_after, Is.EqualTo(_before));

    [Test]
    public async Task Should_keep_a_rollback_ended_when_a_snapshot_from_before_its_end_arrives_after_it()
    {
        var rollback = await _service.GetJsonAsync($"/api/rollbacks/{_late.RollbackId}", "late");

        Assert.That((Text(rollback, "status"), rollback.GetProperty("final").GetBoolean(), Text(rollback, "endedAt")),
            Is.EqualTo(("SUCCEEDED", true, "2026-03-02T11:02:00.000Z")));
    }

    [Test]
    public async Task Should_answer_an_unknown_rollback_with_a_not_found_problem()
    {
        using var response = await _service.SendAsync(HttpMethod.Get, $"/api/rollbacks/{_serverGroup.RollbackId}", "k8s");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        });
    }

    [TestCase("from=yesterday", "from")]
    [TestCase("to=2026-13-40", "to")]
    [TestCase("from=2026-03-02T12:00:00Z&to=2026-03-02T11:00:00Z", "from")]
    [TestCase("limit=0", "limit")]
    [TestCase("limit=501", "limit")]
    [TestCase("limit=ten", "limit")]
    public async Task Should_refuse_a_query_naming_the_field_to_change(string query, string field)
    {
        using var response = await _service.SendAsync(HttpMethod.Get, $"/api/rollbacks?{query}", "sg");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(body.GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { field }));
        });
    }

    /// <summary>A proposal of the decision service's stream, as it stores one before Mesh calls Gate.</summary>
    private async Task ProposeAsync(string tenant, string decisionId)
    {
        using var store = DocumentStore.For(options =>
        {
            options.Connection(_service.Isolated.Postgres.ConnectionString);
            MeshEventStore.ConfigureConventions(options, RollbackModule.Schema);
            RollbackModule.ConfigureStore(options);
            options.AutoCreateSchemaObjects = JasperFx.AutoCreate.None;
        });
        await using var session = store.LightweightSession(tenant);
        session.Events.StartStream(DecisionStreams.StreamKey(decisionId), new RollbackProposed(
            Id($"{tenant}/{decisionId}/proposed"), decisionId, tenant, "checkout", "canaryFail", "kayenta-checkout-api-1012",
            "canary score 41 (Fail) for checkout-api, config latency",
            new RollbackTarget("01JMSHBAD00000000000000EXE", "deployment checkout-api", "prod-use1", null, "checkout", "1.9.0", "1.8.2"),
            "auto", "checkout", "Restore checkout", new Dictionary<string, string> { ["imageTag"] = "1.8.2" }, At(29)));
        await session.SaveChangesAsync();
    }

    private async Task ObservedAsync(int count)
    {
        try
        {
            await Eventually.GetAsync(() => Task.FromResult(_service.Messages.Of<RollbackObserved>().Count), n => n >= count, TimeSpan.FromSeconds(60),
                $"{count} RollbackObserved");
        }
        catch (TimeoutException e)
        {
            // What arrived and what the service said are those of the moment it gave up.
            var received = string.Join(", ", _service.Messages.Of<RollbackObserved>().Select(o => $"{o.Tenant}/{o.RollbackId}"));
            throw new TimeoutException($"{e.Message} (received: {received})\n{_service.Logs}", e);
        }
    }

    private async Task<(long, long, long)> CountsAsync() => (
        await _service.Isolated.CountAsync("SELECT count(*) FROM rollback.mt_events"),
        await _service.Isolated.CountAsync("SELECT count(*) FROM rollback.anomalies"),
        await _service.Isolated.CountAsync("SELECT count(*) FROM rollback.mt_doc_rollbackview"));

    private static string? Text(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).ToString();

    private static (string, string)[] Anomalies(JsonElement rollback) =>
        [.. rollback.GetProperty("precedingAnomalies").EnumerateArray().Select(a => (a.GetProperty("kind").GetString()!, a.GetProperty("at").GetString()!))];

    private static string[] Ids(JsonElement list) => [.. list.GetProperty("rollbacks").EnumerateArray().Select(r => r.GetProperty("rollbackId").GetString()!)];
}
