using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Testing;
using Spinnaker.Mesh.Rollback.Decisions;
using Spinnaker.Mesh.Rollback.Execution;
using Spinnaker.Mesh.Rollback.Tests.Execution.Support;

namespace Spinnaker.Mesh.Rollback.Tests.Execution;

/// <summary>
/// The rollback service as its own process, Gate a stub on 127.0.0.1 with bearer auth: approved decisions (seeded in its
/// store, their RollbackApproved published as the proposing side publishes it) start their rollback pipeline once, are
/// retried within limits, fail with Gate's reason, and end with Echo's completion of the rollback execution. Each spec
/// has a rollback pipeline of its own, so the stub's answers and counts are per spec.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_the_service_carries_out_approved_decisions
{
    private ExecutionService _run = null!;
    private int _approvals;

    [OneTimeSetUp]
    public async Task Start() => _run = await ExecutionService.StartAsync();

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_run is not null) await _run.DisposeAsync();
    }

    private async Task<DecisionSeed> ApproveAsync(string decisionId, string pipeline)
    {
        Interlocked.Increment(ref _approvals);
        return await _run.ApproveAsync(decisionId, pipeline);
    }

    private async Task PublishAgainAsync(DecisionSeed seed)
    {
        Interlocked.Increment(ref _approvals);
        await _run.Service.PublishAsync(seed.Approved);
    }

    /// <summary>Every RollbackApproved published so far was consumed and acknowledged.</summary>
    private Task AllApprovalsHandledAsync() => _run.Service.Isolated.AcknowledgedAsync(RollbackApprovedConsumerDefinition.Queue, _approvals);

    [Test, Order(1)]
    public async Task Should_start_the_rollback_pipeline_once_with_Meshs_manual_trigger_and_the_bearer_token()
    {
        _run.Gate.Answers("rollback-once", StartAnswer.Started("01HXONCE0000000000000000001"));

        var seed = await ApproveAsync("svc-once", "rollback-once");
        var decision = await _run.UntilAsync(seed.DecisionId, DecisionStatus.Triggered);

        var start = _run.Gate.StartsOf("rollback-once").Single();
        Assert.That(start.Application, Is.EqualTo(DecisionSeed.RollbackApplication));
        Assert.That(start.Authorization, Is.EqualTo("Bearer " + StubGate.Token));
        var expected = JsonNode.Parse($$"""
            {
              "type": "manual",
              "user": "spinnaker-mesh",
              "meshDecisionId": "svc-once",
              "meshReason": "{{DecisionSeed.Reason}}",
              "parameters": { "cluster": "checkout-main", "account": "prod-us", "toVersion": "v041", "meshDecisionId": "svc-once" }
            }
            """);
        Assert.That(JsonNode.DeepEquals(start.Body, expected), Is.True, start.Body.ToJsonString());

        Assert.That((decision.RollbackExecutionId, decision.Attempts), Is.EqualTo(("01HXONCE0000000000000000001", 1)));
        var triggered = (await _run.ReceivedAsync<RollbackTriggered>(t => t.DecisionId == seed.DecisionId)).Single();
        Assert.That((triggered.RollbackExecutionId, triggered.Reconciled, triggered.Tenant, triggered.RollbackPipeline),
            Is.EqualTo(("01HXONCE0000000000000000001", false, ExecutionService.Tenant, "rollback-once")));
    }

    [Test, Order(2)]
    public async Task Should_start_it_once_however_often_the_approval_arrives()
    {
        var seed = await ApproveAsync("svc-twice", "rollback-twice");
        await PublishAgainAsync(seed);
        await PublishAgainAsync(seed);
        await _run.UntilAsync(seed.DecisionId, DecisionStatus.Triggered);
        await PublishAgainAsync(seed);
        await AllApprovalsHandledAsync();

        Assert.That(_run.Gate.StartsOf("rollback-twice"), Has.Count.EqualTo(1));
        Assert.That(_run.Service.Messages.Of<RollbackTriggered>().Where(t => t.DecisionId == seed.DecisionId).Select(t => t.EventId).Distinct().Count(),
            Is.EqualTo(1), "any repeat is the same message");
    }

    [Test, Order(3)]
    public async Task Should_try_again_while_Gate_is_unavailable()
    {
        _run.Gate.Answers("rollback-503", StartAnswer.Unavailable(), StartAnswer.Unavailable(), StartAnswer.Started("01HX5030000000000000000003"));

        var seed = await ApproveAsync("svc-503", "rollback-503");
        var decision = await _run.UntilAsync(seed.DecisionId, DecisionStatus.Triggered);

        Assert.That(_run.Gate.StartsOf("rollback-503"), Has.Count.EqualTo(3));
        Assert.That((decision.Attempts, decision.RollbackExecutionId), Is.EqualTo((3, "01HX5030000000000000000003")));
        var triggered = (await _run.ReceivedAsync<RollbackTriggered>(t => t.DecisionId == seed.DecisionId)).Single();
        Assert.That(triggered.Attempts, Is.EqualTo(3));
    }

    [Test, Order(4)]
    public async Task Should_fail_the_decision_with_Gates_reason_when_Gate_refuses_the_start()
    {
        _run.Gate.Answers("rollback-400", StartAnswer.BadRequest("Pipeline parameter cluster has an invalid value"));

        var seed = await ApproveAsync("svc-400", "rollback-400");
        var decision = await _run.UntilAsync(seed.DecisionId, DecisionStatus.Failed);
        await AllApprovalsHandledAsync();

        Assert.That(_run.Gate.StartsOf("rollback-400"), Has.Count.EqualTo(1));
        var failed = (await _run.ReceivedAsync<RollbackFailed>(f => f.DecisionId == seed.DecisionId)).Single();
        Assert.That(failed.RollbackExecutionId, Is.Null);
        Assert.That(failed.Reason, Does.StartWith("Gate refused to start checkout-ops/rollback-400 (HTTP 400): ")
            .And.Contain("Pipeline parameter cluster has an invalid value"));
        Assert.That(decision.FailureReason, Is.EqualTo(failed.Reason));
    }

    [Test, Order(5)]
    public async Task Should_end_the_decisions_with_Echos_completion_of_their_rollback_executions()
    {
        _run.Gate.Answers("rollback-ok", StartAnswer.Started("01HXVERIFYOK00000000000001"));
        _run.Gate.Answers("rollback-ko", StartAnswer.Started("01HXVERIFYKO00000000000001"));
        var ok = await ApproveAsync("svc-verify-ok", "rollback-ok");
        var ko = await ApproveAsync("svc-verify-ko", "rollback-ko");
        await _run.UntilAsync(ok.DecisionId, DecisionStatus.Triggered);
        await _run.UntilAsync(ko.DecisionId, DecisionStatus.Triggered);

        await _run.Service.PublishAsync(
            RollbackRuns.Completed(ExecutionService.Tenant, "01HXVERIFYOK00000000000001", "SUCCEEDED", ok.DecisionId),
            RollbackRuns.Completed(ExecutionService.Tenant, "01HXVERIFYKO00000000000001", "TERMINAL", ko.DecisionId,
                RollbackRuns.Stage("s1", "deployManifest", "Deploy v041", "TERMINAL", "ImagePullBackOff: checkout:v041 not found")));

        var succeeded = (await _run.ReceivedAsync<RollbackSucceeded>(s => s.DecisionId == ok.DecisionId)).Single();
        var failed = (await _run.ReceivedAsync<RollbackFailed>(f => f.DecisionId == ko.DecisionId)).Single();
        Assert.That(succeeded.RollbackExecutionId, Is.EqualTo("01HXVERIFYOK00000000000001"));
        Assert.That(failed.Reason, Is.EqualTo(
            "rollback execution 01HXVERIFYKO00000000000001 ended TERMINAL: stage 'Deploy v041' (deployManifest) TERMINAL: ImagePullBackOff: checkout:v041 not found"));
        Assert.That((await _run.UntilAsync(ok.DecisionId, DecisionStatus.Succeeded)).CompletedAt, Is.Not.Null);
        await _run.UntilAsync(ko.DecisionId, DecisionStatus.Failed);
    }

    [Test, Order(6)]
    public async Task Should_keep_the_bearer_token_out_of_logs_decisions_and_events()
    {
        await AllApprovalsHandledAsync();
        Assert.That(_run.Gate.Starts, Is.Not.Empty);
        Assert.That(_run.Gate.Starts.Select(s => s.Authorization), Has.All.EqualTo("Bearer " + StubGate.Token), "the token was in use");
        Assert.That(_run.Service.Messages.Of<RollbackFailed>(), Is.Not.Empty, "Gate's refusal was reported");

        Assert.That(_run.Service.Logs, Does.Not.Contain(StubGate.Token));
        Assert.That(await _run.Service.Isolated.CountAsync(
            $"SELECT count(*) FROM {RollbackModule.Schema}.mt_doc_rollbackdecision WHERE data::text LIKE '%' || $1 || '%'", StubGate.Token), Is.Zero);
        Assert.That(await _run.Service.Isolated.CountAsync(
            $"SELECT count(*) FROM {RollbackModule.Schema}.mt_events WHERE data::text LIKE '%' || $1 || '%'", StubGate.Token), Is.Zero);
        Assert.That(_run.Service.Messages.Of<RollbackFailed>().Select(f => f.Reason), Has.None.Contain(StubGate.Token));
    }
}

/// <summary>
/// The service is killed (kill -9) while Gate holds back its answer to a start whose intent was committed: Gate did
/// start the pipeline. After the restart the decision is reconciled against Gate's recent executions, not called again.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_the_service_is_killed_while_Gate_starts_the_rollback
{
    private const string Pipeline = "rollback-killed";
    private const string ExecutionId = "01HXKILLED0000000000000001";
    private ExecutionService _run = null!;
    private DecisionSeed _seed = null!;
    private string _statusWhenKilled = "";

    [OneTimeSetUp]
    public async Task KillMidCall()
    {
        _run = await ExecutionService.StartAsync();
        _run.Gate.Answers(Pipeline, StartAnswer.Started(ExecutionId, delay: TimeSpan.FromMinutes(3)));
        // Orca created the execution when Gate received the start; Gate lists it from then on.
        _run.Gate.Lists(ExecutionId, Pipeline, "svc-killed");

        _seed = await _run.ApproveAsync("svc-killed", Pipeline);
        await Testing.Eventually.GetAsync(() => Task.FromResult(_run.Gate.StartsOf(Pipeline).Count), n => n == 1, TimeSpan.FromSeconds(60),
            $"the start to reach Gate\n{_run.Service.Logs}");
        _statusWhenKilled = (await _run.Store.DecisionAsync(ExecutionService.Tenant, _seed.DecisionId))!.Status;

        await _run.Service.RestartAsync();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_run is not null) await _run.DisposeAsync();
    }

    [Test, Order(1)]
    public async Task Should_end_triggered_with_the_execution_Gate_lists_and_one_call_in_all()
    {
        var decision = await _run.UntilAsync(_seed.DecisionId, DecisionStatus.Triggered);

        Assert.That(_statusWhenKilled, Is.EqualTo(DecisionStatus.Triggering), "killed between intent and outcome");
        Assert.That(decision.RollbackExecutionId, Is.EqualTo(ExecutionId));
        Assert.That(_run.Gate.StartsOf(Pipeline), Has.Count.EqualTo(1));
        var triggered = (await _run.ReceivedAsync<RollbackTriggered>(t => t.DecisionId == _seed.DecisionId)).Single();
        Assert.That((triggered.RollbackExecutionId, triggered.Reconciled, triggered.Attempts), Is.EqualTo((ExecutionId, true, 1)));
    }

    [Test, Order(2)]
    public async Task Should_not_call_again_when_the_approval_comes_again()
    {
        await _run.UntilAsync(_seed.DecisionId, DecisionStatus.Triggered);
        await _run.Service.PublishAsync(_seed.Approved);
        // The first delivery (unacknowledged when the process died) and this one.
        await _run.Service.Isolated.AcknowledgedAsync(RollbackApprovedConsumerDefinition.Queue, 2);

        Assert.That(_run.Gate.StartsOf(Pipeline), Has.Count.EqualTo(1));
        var steps = await _run.Store.StepsAsync(ExecutionService.Tenant, _seed.DecisionId);
        Assert.That(steps.Skip(2).Select(s => s.GetType()), Is.EqualTo(new[] { typeof(RollbackTriggerIntended), typeof(RollbackTriggered) }));
    }
}
