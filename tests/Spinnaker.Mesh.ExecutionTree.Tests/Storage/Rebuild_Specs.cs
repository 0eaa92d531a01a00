using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.EventSourcing;
using Spinnaker.Mesh.ExecutionTree.Tests.Api.Support;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Storage;

/// <summary>
/// The read model is a Marten projection: a rebuild (Marten's daemon, as <c>projections --rebuild</c> runs it)
/// empties the projected tables and replays every stored event, so it must give back the rows the appends built,
/// parent/child links included, and leave recorded regressions alone (a replay could not find them again).
/// </summary>
internal sealed class When_the_read_model_is_rebuilt : StoreSpec
{
    private const string Tenant = "rebuild";

    private static readonly PipelineRun Parent = new PipelineRun(Tenant, "01HZT7REBU1LDPARENT000001")
        .Stage("1", "bake", at: 0, seconds: 30)
        .Stage("2", "deploy", at: 31, seconds: 60, after: ["1"], cloudProvider: "aws", account: "prod", regions: ["us-east-1", "eu-west-1"])
        .Stage("2<1", "createServerGroup", at: 32, seconds: 20, parent: "2", owner: "STAGE_BEFORE")
        .Stage("3", "pipeline", at: 92, seconds: 60, after: ["2"], childExecutionId: "01HZT7REBU1LDCH1LD0000001")
        .Stage("4", "manualJudgment", at: 153, seconds: 10, after: ["3"], status: "TERMINAL", errors: ["Judged: stop"]);

    private static readonly PipelineRun Child = new PipelineRun(Tenant, "01HZT7REBU1LDCH1LD0000001", pipeline: "Smoke test",
            start: PipelineRun.T0 + TimeSpan.FromSeconds(93), status: "TERMINAL",
            trigger: new TriggerInfo("pipeline", "[anonymous]", Parent.ExecutionId, Parent.StageId("3"), null, null, null))
        .Stage("1", "runJob", at: 0, seconds: 50, status: "TERMINAL", errors: ["exit 1"]);

    private string _built = "";
    private string _rebuilt = "";
    private string _regressionsBefore = "";
    private string _regressionsAfter = "";

    [OneTimeSetUp]
    public async Task BuildDamageAndRebuild()
    {
        // Several batches, as the consumers store them, the child's before its parent's.
        foreach (var batch in Child.Events().Chunk(3).Concat(Parent.Events().Chunk(4)))
            await Writer.AppendAsync(batch, CancellationToken.None);
        await ExecuteAsync($"""
            INSERT INTO execution_tree.regressions (regression_id, tenant, application, pipeline_name, detected_at, detected_by_execution_id,
                baseline_count, recent_count, baseline_median_ms, recent_median_ms, ratio, p_value)
            VALUES ('{Guid.NewGuid()}', '{Tenant}', 'checkout', 'Deploy to production', now(), '{Parent.ExecutionId}', 30, 5, 60000, 90000, 1.5, 0.01)
            """);
        _built = await ReadModelAsync(Tenant, withWriteTimes: false);
        _regressionsBefore = await ReadModelDigest.OfAsync(Database, Tenant, withWriteTimes: true, "regressions");

        // The read model drifted: a row no event supports, a stage gone wrong.
        await ExecuteAsync($"INSERT INTO execution_tree.execution_links VALUES ('{Tenant}', 'ghost', 'ghost-child', NULL)");
        await ExecuteAsync($"UPDATE execution_tree.stages SET status = 'SUCCEEDED', errors = '{{}}' WHERE tenant = '{Tenant}'");

        await Store.RebuildProjectionsAsync(CancellationToken.None);
        _rebuilt = await ReadModelAsync(Tenant, withWriteTimes: false);
        _regressionsAfter = await ReadModelDigest.OfAsync(Database, Tenant, withWriteTimes: true, "regressions");
    }

    [Test]
    public void Should_reproduce_the_executions_stages_and_links_rows()
    {
        Assert.That(_built, Does.Contain("executions: ").And.Contain("stages: ").And.Contain("execution_links: "));
        Assert.That(_rebuilt, Is.EqualTo(_built));
    }

    [Test]
    public void Should_keep_the_recorded_regressions()
    {
        Assert.That(_regressionsBefore, Does.Contain("regressions: "));
        Assert.That(_regressionsAfter, Is.EqualTo(_regressionsBefore));
    }
}
