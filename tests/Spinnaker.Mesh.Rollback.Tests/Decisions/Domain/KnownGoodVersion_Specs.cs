using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Deployments;

namespace Spinnaker.Mesh.Rollback.Tests.Decisions.Domain;

/// <summary>
/// The version a target returns to: the latest one a succeeded execution deployed there, that had ended before the
/// blamed deployment started, other than the version being rolled back.
/// </summary>
[TestFixture]
public sealed class Finding_the_known_good_version_of_a_target
{
    private static readonly DateTimeOffset T = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly DeployTarget Target = DeployTarget.Of("checkout", "deployment checkout-api", "prod-use1", null, "checkout");

    private static Deployment Deployed(string executionId, string? version, double startHour, string status = "SUCCEEDED", bool reached = true,
        DeployTarget? target = null, double? endHour = null)
    {
        var start = T.AddHours(startHour);
        var ended = T.AddHours(endHour ?? startHour + 0.25);
        return new Deployment(executionId, target ?? Target, version, reached, start, start.AddMinutes(5),
            new ExecutionOutcome(executionId, "checkout", "Deploy", "cfg", status, start.AddMinutes(-1), status == "RUNNING" ? null : ended, null));
    }

    private static readonly Deployment Blamed = Deployed("E9", "1.9.1", 5, status: "RUNNING");

    [Test]
    public void Should_take_the_latest_version_a_succeeded_execution_deployed_before()
    {
        var history = new[] { Deployed("E1", "1.8.0", 1), Deployed("E2", "1.9.0", 3), Blamed };
        Assert.That(KnownGoodVersion.Before(Blamed, history)?.Version, Is.EqualTo("1.9.0"));
    }

    [Test]
    public void Should_pass_over_versions_of_failed_executions()
    {
        var history = new[] { Deployed("E1", "1.8.0", 1), Deployed("E2", "1.9.0", 3, status: "TERMINAL") };
        Assert.That(KnownGoodVersion.Before(Blamed, history)?.Version, Is.EqualTo("1.8.0"));
    }

    [Test]
    public void Should_pass_over_the_version_being_rolled_back()
    {
        // 1.9.1 was deployed successfully once before; a redeploy of it that fails goes back to what ran before it.
        var history = new[] { Deployed("E1", "1.8.0", 1), Deployed("E2", "1.9.1", 3) };
        Assert.That(KnownGoodVersion.Before(Blamed, history)?.Version, Is.EqualTo("1.8.0"));
    }

    [Test]
    public void Should_pass_over_executions_that_ended_after_the_blamed_deploy_started()
    {
        // E3 started before the blamed deploy but ended after it began: it was no known-good state to return to then.
        var history = new[] { Deployed("E1", "1.8.0", 1), Deployed("E3", "1.9.0", 4.5, endHour: 6) };
        Assert.That(KnownGoodVersion.Before(Blamed, history)?.Version, Is.EqualTo("1.8.0"));
    }

    [Test]
    public void Should_pass_over_other_targets_and_deploys_that_did_not_reach()
    {
        var staging = DeployTarget.Of("checkout", "deployment checkout-api", "staging", null, "checkout");
        var history = new[] { Deployed("E1", "1.8.0", 1), Deployed("E2", "1.9.0", 3, target: staging), Deployed("E3", "1.8.5", 4, reached: false) };
        Assert.That(KnownGoodVersion.Before(Blamed, history)?.Version, Is.EqualTo("1.8.0"));
    }

    [Test]
    public void Should_find_none_for_a_first_deployment()
    {
        Assert.That(KnownGoodVersion.Before(Blamed, [Blamed]), Is.Null);
        Assert.That(KnownGoodVersion.Before(Blamed, [Deployed("E1", "1.8.0", 1, status: "TERMINAL")]), Is.Null);
    }
}
