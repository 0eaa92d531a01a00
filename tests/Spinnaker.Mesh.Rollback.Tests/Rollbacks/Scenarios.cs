using Spinnaker.Mesh.Contracts.Executions.V1;
using static Spinnaker.Mesh.Rollback.Tests.Rollbacks.Executions;

namespace Spinnaker.Mesh.Rollback.Tests.Rollbacks;

/// <summary>Rollbacks as Orca runs them, each as the events ingest publishes for it, in the order Echo sends them.</summary>
internal static class Scenarios
{
    /// <summary>
    /// Bob runs a pipeline whose <c>rollbackServerGroup</c> stage (minutes 60–62) puts payments-api-v041 back in service
    /// and disables v042, in two synthetic after-stages.
    /// </summary>
    public sealed class ServerGroupRollback(string tenant = Tenant, string executionId = "01JSGR0000000000000000EXEC")
    {
        public string ExecutionId => executionId;
        public string StageId => "01JSGR00000000000000000RB1";
        public string RollbackId => $"{executionId}:{StageId}";

        public StageInfo Rollback(string status = "SUCCEEDED") => Stage(StageId, "rollbackServerGroup", status, 60, status == "RUNNING" ? null : 62,
            name: "Rollback Server Group", cluster: "payments-api", account: "prod", regions: ["us-east-1"], serverGroup: "payments-api-v042",
            rollback: new RollbackInfo("EXPLICIT", "payments-api-v042", "payments-api-v041", null, null, null, null),
            artifacts: [new ArtifactInfo("spinnaker/server-group", "payments-api-v041", "v041", "payments-api-v041", new Dictionary<string, string>())]);

        public StageInfo Enable() => Stage("01JSGR00000000000000000EN1", "enableServerGroup", "SUCCEEDED", 60.1, 61,
            name: "Enable payments-api-v041 due to rollback", parent: StageId, account: "prod", regions: ["us-east-1"], serverGroup: "payments-api-v041");

        public StageInfo Disable(string status = "SUCCEEDED") => Stage("01JSGR00000000000000000DI1", "disableServerGroup", status, 61, 62,
            name: "Disable payments-api-v042 due to rollback", parent: StageId, account: "prod", regions: ["us-east-1"], serverGroup: "payments-api-v042");

        public ExecutionInfo Execution(string status = "RUNNING", double? end = null) =>
            Executions.Execution(executionId, "Restore payments-api (us-east-1)", status, 59.9, end, Manual("bob@example.com"), tenant: tenant);

        public StageCompleted StageEnded() => Executions.StageEnded(Execution(), Rollback(), Enable(), Disable());

        public PipelineCompleted PipelineEnded() => Executions.PipelineEnded(Execution("SUCCEEDED", 62.1), Rollback(), Enable(), Disable());

        public IExecutionEvent[] Events() => [StageEnded(), PipelineEnded()];
    }

    /// <summary>
    /// Alice deploys payments-api-v043; its instances never come up (task failed at minute 18), so Orca plans the
    /// synthetic <c>Rollback payments-api</c> (minutes 20–25) under the failed <c>createServerGroup</c>, which chose
    /// to restore v042 in its <c>Rollback us-east-1</c> child. The deploy stage ends only after the rollback.
    /// </summary>
    public sealed class DeployFailureRollback(string tenant = Tenant, string executionId = "01JDFR0000000000000000EXEC")
    {
        public const string Error = "Instances of payments-api-v043 did not become healthy within 15 minutes";
        public string ExecutionId => executionId;
        public string DeployId => "01JDFR00000000000000000DP1";
        public string CreateId => "01JDFR00000000000000000CS1";
        public string RollbackStageId => "01JDFR00000000000000000RC1";
        public string RollbackId => $"{executionId}:{RollbackStageId}";

        public StageInfo Deploy(string status) => Stage(DeployId, "deploy", status, 0, status == "RUNNING" ? null : 26, name: "Deploy",
            account: "prod", regions: ["us-east-1"], cluster: "payments-api", refId: "1");

        public StageInfo Create(string status) => Stage(CreateId, "createServerGroup", status, 0.1, status == "RUNNING" ? null : 26,
            name: "Deploy in us-east-1", parent: DeployId, cluster: "payments-api", account: "prod", regions: ["us-east-1"],
            serverGroup: "payments-api-v043", errors: [Error],
            tasks: [TaskRun("createServerGroup", "SUCCEEDED", 0.2, 1), TaskRun("waitForUpInstances", "TERMINAL", 1, 18, Error)],
            artifacts: [new ArtifactInfo("aws/image", "payments-api-2.5.0-h320", null, "ami-0f0e0d0c", new Dictionary<string, string>())]);

        public StageInfo Rollback(string status = "SUCCEEDED") => Stage(RollbackStageId, "rollbackCluster", status, 20, status == "RUNNING" ? null : 25,
            name: "Rollback payments-api", parent: CreateId, account: "prod", regions: ["us-east-1"], serverGroup: "payments-api-v043",
            rollback: new RollbackInfo(null, "payments-api-v043", null, null, null, null, null));

        public StageInfo RollbackRegion(string status = "SUCCEEDED") => Stage("01JDFR00000000000000000RR1", "rollbackServerGroup", status, 20.5,
            status == "RUNNING" ? null : 25, name: "Rollback us-east-1", parent: RollbackStageId, account: "prod", regions: ["us-east-1"],
            rollback: new RollbackInfo("EXPLICIT", "payments-api-v043", "payments-api-v042", null, null, null, null));

        public ExecutionInfo Execution(string status = "RUNNING", double? end = null) =>
            Executions.Execution(executionId, "Deploy payments-api to production", status, -0.1, end, Manual("alice@example.com"), tenant: tenant);

        /// <summary>The rollback's end: the deploy and its failed child still running, as Orca leaves them until it completes.</summary>
        public StageCompleted RollbackEnded() =>
            Executions.StageEnded(Execution(), Rollback(), Deploy("RUNNING"), Create("RUNNING"), RollbackRegion());

        /// <summary>The failed child's end (<c>orca:stage:failed</c>), after the rollback.</summary>
        public StageCompleted CreateFailed() =>
            Executions.StageEnded(Execution(), Create("TERMINAL"), Deploy("RUNNING"), Rollback(), RollbackRegion());

        public PipelineCompleted PipelineFailed() =>
            Executions.PipelineEnded(Execution("TERMINAL", 26.1), Deploy("TERMINAL"), Create("TERMINAL"), Rollback(), RollbackRegion());

        public IExecutionEvent[] Events() => [RollbackEnded(), CreateFailed(), PipelineFailed()];
    }

    /// <summary>
    /// "Deploy to production (k8s)" deployed checkout-api:1.9.0 and failed; its downstream pipeline "Rollback
    /// checkout-api (production)" undid the rollout of <c>deployment checkout-api</c> by one revision (to revision 41).
    /// </summary>
    public sealed class ManifestRollback(string tenant = Tenant, string executionId = "01JMFR0000000000000000EXEC")
    {
        public const string ParentError = "'deployment checkout-api' in 'checkout' for account prod-use1: Deployment exceeded its progress deadline";
        public string ExecutionId => executionId;
        public string StageId => "01JMFR00000000000000000UN1";
        public string RollbackId => $"{executionId}:{StageId}";

        public StageInfo Undo() => Stage(StageId, "undoRolloutManifest", "SUCCEEDED", 10.1, 10.9, name: "Undo rollout (production)",
            account: "prod-use1", ns: "checkout", rollback: new RollbackInfo(null, null, null, "deployment checkout-api", 1, "41", null),
            artifacts: [Workload("deployment", "checkout-api")]);

        public ExecutionInfo Execution() => Executions.Execution(executionId, "Rollback checkout-api (production)", "SUCCEEDED", 10, 11,
            ByPipeline("01JMFRPARENT000000000EXEC1", "Deploy to production (k8s)", "TERMINAL", [ParentError],
                [Image("registry.example.com/checkout-api", "1.9.0"), Workload("deployment", "checkout-api")]),
            application: "checkout", tenant: tenant);

        public IExecutionEvent[] Events() => [Executions.PipelineEnded(Execution(), Undo())];
    }

    /// <summary>
    /// Mesh started "Restore checkout" for decision <see cref="DecisionId"/> (its Gate client's manual trigger);
    /// the pipeline redeploys checkout-api:1.8.2.
    /// </summary>
    public sealed class MeshTriggered(string tenant = Tenant, string executionId = "01JMSH0000000000000000EXEC", string decisionId = "dec-0001")
    {
        public string ExecutionId => executionId;
        public string DecisionId => decisionId;

        public StageInfo Redeploy() => Stage("01JMSH00000000000000000DP1", "deployManifest", "SUCCEEDED", 30.1, 32, name: "Deploy known-good",
            account: "prod-use1", ns: "checkout", artifacts: [Image("registry.example.com/checkout-api", "1.8.2"), Workload("deployment", "checkout-api")]);

        public ExecutionInfo Execution() => Executions.Execution(executionId, "Restore checkout", "SUCCEEDED", 30, 32.5,
            MeshTrigger(decisionId, parameters: new Dictionary<string, string> { ["imageTag"] = "1.8.2" }), application: "checkout", tenant: tenant);

        public IExecutionEvent[] Events() => [Executions.PipelineEnded(Execution(), Redeploy())];
    }

    /// <summary>A nightly cron starts "Rollback ledger-api", a pipeline with no rollback stage: it redeploys ledger-api:3.2.0.</summary>
    public sealed class RollbackPipelineByName(string tenant = Tenant, string executionId = "01JRPN0000000000000000EXEC")
    {
        public string ExecutionId => executionId;

        public StageInfo Redeploy() => Stage("01JRPN00000000000000000DP1", "deployManifest", "SUCCEEDED", 40.1, 41, name: "Deploy",
            account: "prod-use1", ns: "ledger", artifacts: [Image("registry.example.com/ledger-api", "3.2.0"), Workload("deployment", "ledger-api")]);

        public ExecutionInfo Execution(string status = "SUCCEEDED", double? end = 41.5) =>
            Executions.Execution(executionId, "Rollback ledger-api", status, 40, end, Other("cron"), application: "ledger", tenant: tenant);

        public IExecutionEvent[] Events() => [Executions.StageEnded(Execution("RUNNING", null), Redeploy()), Executions.PipelineEnded(Execution(), Redeploy())];
    }
}
