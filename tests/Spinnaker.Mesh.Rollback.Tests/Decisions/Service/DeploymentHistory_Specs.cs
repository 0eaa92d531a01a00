using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Tests.Decisions.Support;
using static Spinnaker.Mesh.Rollback.Tests.Decisions.Service.DecisionService;

namespace Spinnaker.Mesh.Rollback.Tests.Decisions.Service;

/// <summary>
/// The deployment history fed as Echo delivers: the pipeline's end first, then a stale snapshot in which the deploy
/// stage still runs (Orca serializes asynchronously), then the deploy stage's own end twice.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class Recording_deployments_from_snapshots_in_any_order
{
    private const string Tenant = "decisions-history";
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddHours(-1).AddSeconds(-DateTimeOffset.UtcNow.Second);

    [OneTimeSetUp]
    public async Task Deliver()
    {
        var deployed = Deploys.Manifest("H1-deploy", "registry.example.com/checkout-api:5.0.0", Start, Start.AddMinutes(4));
        var running = deployed with { Status = "RUNNING", EndTime = null, Tasks = [], Artifacts = null };
        var bake = Deploys.Other("H1-bake", "bake", Start.AddMinutes(-10), Start.AddMinutes(-1));
        await PublishAsync(
            Deploys.Completed(Tenant, "checkout", "H1", "SUCCEEDED", bake, deployed),
            Deploys.StageEnded(Tenant, "checkout", "H1", bake, running),
            Deploys.StageEnded(Tenant, "checkout", "H1", deployed, bake),
            Deploys.StageEnded(Tenant, "checkout", "H1", deployed, bake));
        // An execution without a deploy stage leaves no trace.
        await PublishAsync(Deploys.Completed(Tenant, "checkout", "H2", "SUCCEEDED", Deploys.Other("H2-tests", "jenkins", Start, Start.AddMinutes(3))));
        await IdleAsync();
    }

    [Test]
    public async Task Should_keep_the_newest_state_of_the_deploy_stage()
    {
        Assert.That(await Subject.Isolated.CountAsync("SELECT count(*) FROM rollback.deployment_stages WHERE tenant = $1", Tenant), Is.EqualTo(1));
        Assert.That(await Subject.Isolated.CountAsync("""
            SELECT count(*) FROM rollback.deployment_stages
            WHERE tenant = $1 AND execution_id = 'H1' AND stage_id = 'H1-deploy' AND stage_status = 'SUCCEEDED' AND reached
              AND version = '5.0.0' AND cluster = 'deployment checkout-api' AND account = 'prod-use1' AND namespace = 'checkout' AND ended_at IS NOT NULL
            """, Tenant), Is.EqualTo(1));
    }

    [Test]
    public async Task Should_keep_the_executions_final_status()
    {
        Assert.That(await Subject.Isolated.CountAsync(
            "SELECT count(*) FROM rollback.deployment_executions WHERE tenant = $1 AND execution_id = 'H1' AND status = 'SUCCEEDED' AND ended_at IS NOT NULL",
            Tenant), Is.EqualTo(1));
        Assert.That(await Subject.Isolated.CountAsync("SELECT count(*) FROM rollback.deployment_executions WHERE tenant = $1", Tenant), Is.EqualTo(1));
    }
}
