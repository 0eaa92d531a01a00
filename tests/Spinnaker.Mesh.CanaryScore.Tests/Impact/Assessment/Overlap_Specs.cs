using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Impact.Assessment;
using static Spinnaker.Mesh.CanaryScore.Tests.Impact.Assessment.ImpactExamples;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Assessment;

[TestFixture]
public sealed class Overlapping_deploys_of_one_application
{
    // Deployed 22:00–22:03; settle 5 min, window 30 min: the after window is 22:08–22:38.
    private static readonly ImpactDeployment Earlier = Deployment("e1", T0, T0 + TimeSpan.FromMinutes(3));
    private static readonly ImpactWindows Windows = ImpactWindows.For(Earlier, Policy());

    private static OtherDeploy At(string id, double minutes) => new(id, T0 + TimeSpan.FromMinutes(minutes));

    [TestCase(1)]
    [TestCase(10)]
    [TestCase(37.9)]
    public void Should_confound_the_earlier_when_the_later_starts_before_its_after_window_ends(double minutes)
    {
        var confounder = Overlap.ConfounderOf(Earlier, Windows, [At("e2", minutes)]);

        Assert.That(confounder?.ExecutionId, Is.EqualTo("e2"));
        Assert.That(Overlap.Reason(confounder!, Earlier, Windows), Does.StartWith("confounded by e2: a later production deploy of checkout"));
    }

    [TestCase(38)]
    [TestCase(60)]
    public void Should_not_confound_it_when_the_later_starts_once_the_after_window_ended(double minutes) =>
        Assert.That(Overlap.ConfounderOf(Earlier, Windows, [At("e2", minutes)]), Is.Null);

    [Test]
    public void Should_not_let_an_earlier_deploy_confound_the_later_one()
    {
        var later = Deployment("e2", T0 + TimeSpan.FromMinutes(10), T0 + TimeSpan.FromMinutes(12));

        Assert.That(Overlap.ConfounderOf(later, ImpactWindows.For(later, Policy()), [At("e1", 0)]), Is.Null);
    }

    [Test]
    public void Should_name_the_first_later_deploy_and_ignore_its_own_execution()
    {
        var confounder = Overlap.ConfounderOf(Earlier, Windows, [At("e1", 0), At("e4", 20), At("e3", 15)]);

        Assert.That(confounder?.ExecutionId, Is.EqualTo("e3"));
    }

    [Test]
    public void Should_order_deploys_that_started_at_the_same_instant_by_execution_id()
    {
        Assert.That(Overlap.ConfounderOf(Earlier, Windows, [At("e0", 0)]), Is.Null);
        Assert.That(Overlap.ConfounderOf(Earlier, Windows, [At("e2", 0)])?.ExecutionId, Is.EqualTo("e2"));
    }
}
