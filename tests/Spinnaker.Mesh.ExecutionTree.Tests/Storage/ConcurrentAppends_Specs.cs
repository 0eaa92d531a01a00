using NUnit.Framework;
using Spinnaker.Mesh.ExecutionTree.Tests.Api.Support;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Storage;

/// <summary>
/// Batches are stored concurrently, and the events of one execution land in different batches (a stage's start and a
/// task's end are different types, and each type has its own batches). Two transactions merging into one execution
/// at once must not lose either's events: each writer locks the executions it touches before it reads their states.
/// </summary>
internal sealed class When_two_writers_store_events_of_one_execution_at_once : StoreSpec
{
    private const string Tenant = "concurrent-writers";

    // Several executions, each written by two writers released together, make an unguarded race all but certain to show.
    private static readonly PipelineRun[] Runs = [.. Enumerable.Range(1, 8).Select(i =>
        new PipelineRun(Tenant, $"01HZT7C0NCURRENT{i:D10}")
            .Stage("1", "bake", at: 0, seconds: 30)
            .Stage("2", "deploy", at: 0, seconds: 45))];

    [OneTimeSetUp]
    public async Task WriteConcurrently()
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Runs.SelectMany(run => run.Stages.Select(stage => Task.Run(async () =>
        {
            await start.Task;
            // Each writer carries one stage's start: the first event of its execution, so both may find no row yet.
            await Writer.AppendAsync([run.StageStarted(stage)], CancellationToken.None);
        }))).ToList();
        start.SetResult();
        await Task.WhenAll(writers);
    }

    [Test]
    public async Task Should_keep_both_events_in_the_tree()
    {
        foreach (var run in Runs)
        {
            Assert.That(await StageIdsAsync(Tenant, run.ExecutionId), Is.EqualTo(run.Stages.Select(s => s.Id).ToArray()), run.ExecutionId);
            Assert.That(await Store.StreamVersionAsync(Tenant, run.ExecutionId), Is.EqualTo(2), run.ExecutionId);
        }
    }

    [Test]
    public async Task Should_keep_both_stages_in_the_stored_state()
    {
        foreach (var run in Runs)
        {
            await using var command = Database.CreateCommand(
                "SELECT (SELECT count(*) FROM jsonb_object_keys(state -> 'stages')) FROM execution_tree.executions WHERE tenant = $1 AND execution_id = $2");
            command.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = Tenant });
            command.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = run.ExecutionId });
            Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo(2L), run.ExecutionId);
        }
    }
}
