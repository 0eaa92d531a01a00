using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Rollbacks;
using static Spinnaker.Mesh.Rollback.Tests.Rollbacks.Executions;

namespace Spinnaker.Mesh.Rollback.Tests.Rollbacks;

public sealed class When_a_rollbacks_observations_are_folded
{
    private readonly Scenarios.DeployFailureRollback _scenario = new();

    private static RollbackView Fold(params RollbackRecognized[] observations)
    {
        var view = new RollbackView();
        foreach (var o in observations) view.Apply(o);
        return view;
    }

    private RollbackRecognized Running() => Recognizing.One(Executions.StageEnded(_scenario.Execution(), _scenario.RollbackRegion(),
        _scenario.Deploy("RUNNING"), _scenario.Create("RUNNING"), _scenario.Rollback("RUNNING")));

    private RollbackRecognized Ended() => Recognizing.One(_scenario.RollbackEnded());

    private RollbackRecognized Final() => Recognizing.One(_scenario.PipelineFailed());

    [Test]
    public void Should_end_the_same_whichever_order_the_snapshots_arrive_in()
    {
        var inOrder = Fold(Running(), Ended(), Final());
        var reversed = Fold(Final(), Ended(), Running());

        Assert.Multiple(() =>
        {
            foreach (var view in new[] { inOrder, reversed })
            {
                Assert.That((view.Status, view.Final, view.EndedAt), Is.EqualTo(("SUCCEEDED", true, (DateTimeOffset?)At(25))));
                Assert.That((view.FromVersion, view.ToVersion, view.Cluster), Is.EqualTo(((string?)"payments-api-v043", (string?)"payments-api-v042", (string?)"payments-api")));
                Assert.That(view.ListedAt, Is.EqualTo(At(20)));
            }
        });
    }

    [Test]
    public void Should_let_a_later_snapshot_refine_and_an_earlier_one_only_fill_gaps()
    {
        var early = Running() with { ToVersion = null, Reason = "early reason" };
        var late = Running() with { ObservedAt = At(30), ToVersion = "payments-api-v042", Reason = "late reason", Account = null };

        var view = Fold(late, early);

        Assert.That((view.ToVersion, view.Reason, view.Account), Is.EqualTo(((string?)"payments-api-v042", (string?)"late reason", (string?)"prod")));
    }

    [Test]
    public void Should_keep_the_first_final_status_it_was_told()
    {
        var view = Fold(Ended(), Final() with { Status = "TERMINAL", EndedAt = At(26) }, Running() with { ObservedAt = At(40) });

        Assert.That((view.Status, view.Final, view.EndedAt), Is.EqualTo(("SUCCEEDED", true, (DateTimeOffset?)At(25))));
    }

    [Test]
    public void Should_not_be_changed_by_a_snapshot_it_already_folded_or_one_that_adds_nothing() => Assert.Multiple(() =>
    {
        var view = Fold(Running(), Ended());
        Assert.That(view.ChangedBy(Ended()), Is.False);
        Assert.That(view.ChangedBy(Running()), Is.False, "an older snapshot adds nothing to a later one");
        Assert.That(view.ChangedBy(Final()), Is.False, "the pipeline's end says what the rollback's end said");
        Assert.That(view.ChangedBy(Final() with { Reason = "more" }), Is.True, "a later snapshot that says more refines it");
    });
}
