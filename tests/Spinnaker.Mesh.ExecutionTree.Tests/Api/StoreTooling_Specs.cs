using NUnit.Framework;
using Spinnaker.Mesh.ExecutionTree.Tests.Api.Support;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Api;

/// <summary>
/// Marten's command line against the service's store, as an operator runs it beside the live service: a rebuild
/// replays the events into the read model through Marten, and the schema check finds the database as configured.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_an_operator_rebuilds_the_execution_tree
{
    private const string Tenant = "tree-rebuild-command";

    private static readonly PipelineRun Run = new PipelineRun(Tenant, "01HZT8REBU1LDC0MMAND00001")
        .Stage("1", "bake", at: 0, seconds: 30)
        .Stage("2", "deploy", at: 31, seconds: 60, after: ["1"], status: "TERMINAL", errors: ["Timed out"], regions: ["us-east-1"])
        .Stage("2<1", "createServerGroup", at: 32, seconds: 20, parent: "2", owner: "STAGE_BEFORE", status: "TERMINAL");

    private string _treeBefore = "";
    private string _rowsBefore = "";
    private (int ExitCode, string Output) _rebuild;

    [OneTimeSetUp]
    public async Task StoreDamageAndRebuild()
    {
        var service = ServiceUnderTest.Service;
        await service.PublishAsync(Run.Events());
        _treeBefore = (await service.CompletedTreeAsync(Run)).ToString();
        _rowsBefore = await ReadModelDigest.OfAsync(service.Database, Tenant, withWriteTimes: false);

        // The read model drifted: a stage lost, a row no event supports.
        await service.CountAsync($"WITH d AS (DELETE FROM execution_tree.stages WHERE tenant = @tenant AND stage_id = '{Run.StageId("1")}' RETURNING 1) SELECT count(*) FROM d", Tenant);
        await service.CountAsync("WITH i AS (INSERT INTO execution_tree.execution_links VALUES (@tenant, 'ghost', 'ghost-child', NULL) RETURNING 1) SELECT count(*) FROM i", Tenant);

        _rebuild = await service.RunCommandAsync("projections", "rebuild");
    }

    [Test]
    public void Should_succeed()
    {
        Assert.That(_rebuild.ExitCode, Is.Zero, _rebuild.Output);
    }

    [Test]
    public async Task Should_reproduce_the_rows_and_the_tree_from_the_events()
    {
        var service = ServiceUnderTest.Service;
        Assert.That(await ReadModelDigest.OfAsync(service.Database, Tenant, withWriteTimes: false), Is.EqualTo(_rowsBefore), _rebuild.Output);
        using var response = await service.GetAsync($"api/executions/{Run.ExecutionId}", Tenant);
        Assert.That(System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.ToString(), Is.EqualTo(_treeBefore));
    }

    [Test]
    public async Task Should_find_the_database_matching_the_configuration()
    {
        var assert = await ServiceUnderTest.Service.RunCommandAsync("db-assert");
        Assert.That(assert.ExitCode, Is.Zero, assert.Output);
    }
}
