using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Deployments;
using Spinnaker.Mesh.Rollback.Signals;
using Spinnaker.Mesh.Rollback.Tests.Decisions.Support;

namespace Spinnaker.Mesh.Rollback.Tests.Decisions.Domain;

/// <summary>Which deployment each signal blames.</summary>
[TestFixture]
public sealed class Blaming_a_deployment_for_a_signal
{
    private static readonly DateTimeOffset T = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static Deployment Deployed(string executionId, string cluster, string account, double hour, bool reached = true, string? version = "v") =>
        new(executionId, DeployTarget.Of("checkout", cluster, account, null, "checkout"), version, reached, T.AddHours(hour), T.AddHours(hour).AddMinutes(5), null);

    [Test]
    public void Should_blame_a_failed_canarys_own_execution_in_the_canarys_account()
    {
        var ofExecution = new[] { Deployed("E2", "deployment checkout-api", "staging", 2), Deployed("E2", "deployment checkout-api", "prod-use1", 3) };
        var canary = Deploys.CanaryFailed("t", "checkout", "j1", "checkout-api", "E2", T.AddHours(4));
        var blamed = Blame.ForCanary(canary, ofExecution, []);
        Assert.That((blamed?.ExecutionId, blamed?.Target.Account), Is.EqualTo(((string?)"E2", (string?)"prod-use1")));
    }

    [Test]
    public void Should_blame_the_latest_deployment_of_the_cluster_when_the_canarys_execution_deployed_none()
    {
        var ofCluster = new[]
        {
            Deployed("E4", "deployment checkout-api", "prod-use1", 5), // after the judgment: not what was judged
            Deployed("E3", "deployment checkout-api", "prod-use1", 3),
            Deployed("E1", "deployment checkout-api", "prod-use1", 1),
        };
        var canary = Deploys.CanaryFailed("t", "checkout", "j1", "checkout-api", "E-canary-only", T.AddHours(4));
        Assert.That(Blame.ForCanary(canary, [], ofCluster)?.ExecutionId, Is.EqualTo("E3"));
    }

    [Test]
    public void Should_blame_nothing_when_the_cluster_was_never_deployed() =>
        Assert.That(Blame.ForCanary(Deploys.CanaryFailed("t", "checkout", "j1", "checkout-api", null, T), [], []), Is.Null);

    [Test]
    public void Should_match_a_canary_scope_to_a_manifest_of_that_name()
    {
        Assert.That(Blame.Names("deployment checkout-api", "checkout-api"), Is.True);
        Assert.That(Blame.Names("checkout-api", "checkout-api"), Is.True);
        Assert.That(Blame.Names("deployment checkout-api-worker", "checkout-api"), Is.False);
    }

    [Test]
    public void Should_blame_a_degraded_deployment_on_the_recorded_deploy_of_its_cluster_and_account()
    {
        var ofExecution = new[] { Deployed("E2", "deployment checkout-api", "staging", 2, version: "s"), Deployed("E2", "deployment checkout-api", "prod-use1", 3, version: "p") };
        var degraded = Deploys.Degraded("t", "checkout", "E2", "stage", "deployment checkout-api", "prod-use1", "checkout", "p", T.AddHours(4));
        Assert.That(Blame.ForDegradation(degraded, ofExecution).Version, Is.EqualTo("p"));
    }

    [Test]
    public void Should_blame_a_degraded_deployment_as_the_assessment_describes_it_when_none_is_recorded()
    {
        var degraded = Deploys.Degraded("t", "checkout", "E2", "stage", "deployment checkout-api", "prod-use1", "checkout", "1.9.1", T.AddHours(4));
        var blamed = Blame.ForDegradation(degraded, []);
        Assert.That((blamed.ExecutionId, blamed.Target.Cluster, blamed.Target.Namespace, blamed.Version, blamed.Reached),
            Is.EqualTo(("E2", (string?)"deployment checkout-api", (string?)"checkout", (string?)"1.9.1", true)));
    }

    [Test]
    public void Should_blame_what_a_failed_execution_deployed_that_reached_its_target()
    {
        var ofExecution = new[] { Deployed("E2", "checkout-api", "prod", 3, reached: false), Deployed("E2", "checkout-worker", "prod", 2) };
        Assert.That(Blame.ForExecution(ofExecution)?.Target.Cluster, Is.EqualTo("checkout-worker"));
    }

    [Test]
    public void Should_blame_the_first_deploy_of_an_execution_that_reached_nothing()
    {
        var ofExecution = new[] { Deployed("E2", "checkout-api", "prod", 3, reached: false), Deployed("E2", "checkout-worker", "prod", 2, reached: false) };
        var blamed = Blame.ForExecution(ofExecution);
        Assert.That((blamed?.Target.Cluster, blamed?.Reached), Is.EqualTo(((string?)"checkout-worker", (bool?)false)));
        Assert.That(Blame.ForExecution([]), Is.Null);
    }
}
