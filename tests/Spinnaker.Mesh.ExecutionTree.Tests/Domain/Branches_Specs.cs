using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.ExecutionTree.Domain;
using static Spinnaker.Mesh.ExecutionTree.Tests.Domain.ExecutionEvents;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Domain;

public sealed class When_two_parallel_branches_join_later
{
    // 1 -> {2, 3}; 3 -> 5; {2, 5} -> 4. Branch of 2: 20..80 s. Branch of 3 and 5: 20..50 then 50..110 s, with 5
    // failing without failing the pipeline (FAILED_CONTINUE).
    private static readonly StageInfo[] Stages =
    [
        Stage("1", status: "SUCCEEDED", start: At(0), end: At(20)),
        Stage("2", ["1"], status: "SUCCEEDED", start: At(20), end: At(80)),
        Stage("3", ["1"], status: "SUCCEEDED", start: At(20), end: At(50)),
        Stage("5", ["3"], status: "FAILED_CONTINUE", start: At(50), end: At(110)),
        Stage("4", ["2", "5"], status: "SUCCEEDED", start: At(110), end: At(120)),
    ];

    private static IReadOnlyList<Branch> Branches(params StageInfo[] stages) =>
        ExecutionTreeBuilder.Build(Applied([PipelineCompleted(Execution("SUCCEEDED", end: At(120)), stages)])).Branches;

    [Test]
    public void Should_find_one_branch_per_parallel_stage()
    {
        var branches = Branches(Stages);
        Assert.That(branches.Select(b => (b.Id, b.ForkRefIds.Single(), b.JoinRefId, string.Join(",", b.StageRefIds))),
            Is.EqualTo(new[] { ("branch-2", "1", (string?)"4", "2"), ("branch-3", "1", "4", "3,5") }));
    }

    [Test]
    public void Should_time_each_branch_from_its_first_start_to_its_last_end()
    {
        var branches = Branches(Stages);
        Assert.That(branches.Select(b => (b.StartTime, b.EndTime, b.DurationMs)), Is.EqualTo(new[]
        {
            ((DateTimeOffset?)At(20), (DateTimeOffset?)At(80), (long?)60_000),
            (At(20), At(110), 90_000),
        }));
    }

    [Test]
    public void Should_give_each_branch_its_worst_status() =>
        Assert.That(Branches(Stages).Select(b => b.Status), Is.EqualTo(new[] { "SUCCEEDED", "FAILED_CONTINUE" }));

    [Test]
    public void Should_leave_a_branch_open_while_a_stage_of_it_runs()
    {
        var running = ExecutionTreeBuilder.Build(Applied(
        [
            PipelineStarted(Execution(), [.. Stages.Select(s => s with { Status = "NOT_STARTED", StartTime = null, EndTime = null })]),
            StageCompleted(Stages[0]), StageCompleted(Stages[1]), StageCompleted(Stages[2]),
            StageStarted(Stages[3] with { Status = "RUNNING", EndTime = null }),
        ])).Branches;
        Assert.That(running.Select(b => (b.Status, b.EndTime, b.DurationMs)), Is.EqualTo(new[]
        {
            ("SUCCEEDED", (DateTimeOffset?)At(80), (long?)60_000),
            ("RUNNING", null, null),
        }));
    }

    [Test]
    public void Should_close_a_branch_whose_rest_never_ran_once_the_execution_ended()
    {
        var stopped = Branches(
            Stages[0], Stages[1],
            Stages[2] with { Status = "TERMINAL" },
            Stages[3] with { Status = "NOT_STARTED", StartTime = null, EndTime = null },
            Stages[4] with { Status = "NOT_STARTED", StartTime = null, EndTime = null });
        Assert.That(stopped[1], Has.Property(nameof(Branch.Status)).EqualTo("TERMINAL").And.Property(nameof(Branch.EndTime)).EqualTo(At(50)));
    }
}

public sealed class When_a_pipeline_starts_with_several_stages
{
    [Test]
    public void Should_make_each_root_a_branch_of_its_own()
    {
        var tree = ExecutionTreeBuilder.Build(Applied([PipelineStarted(Execution(), Stage("1"), Stage("2"), Stage("3", ["1", "2"]))]));
        Assert.That(tree.Branches.Select(b => (b.Id, b.ForkRefIds.Count, b.JoinRefId, b.Status)),
            Is.EqualTo(new[] { ("branch-1", 0, (string?)"3", "NOT_STARTED"), ("branch-2", 0, "3", "NOT_STARTED") }));
    }
}

public sealed class When_a_branch_forks_again
{
    [Test]
    public void Should_end_the_outer_branch_at_the_inner_fork()
    {
        // 1 -> {2, 3}; 2 -> {4, 5}: branch of 2 stops at 2, and 4 and 5 start their own.
        var tree = ExecutionTreeBuilder.Build(Applied([PipelineStarted(Execution(),
            Stage("1"), Stage("2", ["1"]), Stage("3", ["1"]), Stage("4", ["2"]), Stage("5", ["2"]))]));
        Assert.That(tree.Branches.Select(b => (b.Id, string.Join(",", b.StageRefIds), b.JoinRefId)), Is.EqualTo(new[]
        {
            ("branch-2", "2", (string?)null), ("branch-3", "3", null), ("branch-4", "4", null), ("branch-5", "5", null),
        }));
    }
}
