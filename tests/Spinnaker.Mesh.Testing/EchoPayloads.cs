using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spinnaker.Mesh.Contracts.Echo.V1;

namespace Spinnaker.Mesh.Testing;

/// <summary>
/// Hand-written Echo events of realistic shape (current envelope: <c>details</c> without nulls, nulls kept inside
/// <c>content</c>, the full <c>content.execution</c> with its stages), modelled on the shared Echo fixtures but much
/// smaller. Each method returns the JSON body Echo would POST with <c>wrap: false</c>. Ids and times are fixed unless
/// given, so the same call always returns the same JSON.
/// </summary>
public static class EchoPayloads
{
    /// <summary>2024-05-14T15:00:00Z: the start of every default timeline.</summary>
    public const long T0 = 1_715_698_800_000;

    public const string Tenant = "acme";
    public const string Application = "checkout";
    public const string PipelineName = "Deploy to staging";
    public const string PipelineConfigId = "9b3c1f0e-6d2a-4c55-8e1b-2f7a0d9c4e61";
    public const string Alice = "alice@example.com";

    public const string ExecutionId = "01HZB0K7QX4N2M8P6R3T5V9W1Y";
    public const string DeployStageId = "01HZB0K7QY1A2B3C4D5E6F7G8H";
    public const string WaitStageId = "01HZB0K7QZ9J8K7M6N5P4Q3R2S";

    /// <summary>Tasks Orca plans for a <c>deployManifest</c> stage (<c>promoteOutputs</c> appears twice).</summary>
    public static readonly IReadOnlyList<string> DeployManifestTasks =
    [
        "resolveDeploySourceManifest", "deployManifest", "monitorDeploy", "promoteOutputs", "waitForManifestToStabilize",
        "cleanupArtifacts", "monitorCleanup", "promoteOutputs", "bindProducedArtifacts",
    ];

    // ---------------------------------------------------------------------------------------------------------------
    // The receipt

    /// <summary>The message the gateway publishes for <paramref name="echoJson"/>.</summary>
    public static EchoWebhookReceived Receipt(string echoJson, string tenant = Tenant, Guid? receiptId = null, DateTimeOffset? receivedAt = null) =>
        new(receiptId ?? Guid.NewGuid(), tenant, receivedAt ?? DateTimeOffset.UtcNow, "raw", JsonSerializer.Deserialize<JsonElement>(echoJson));

    // ---------------------------------------------------------------------------------------------------------------
    // A two-stage Kubernetes pipeline: 1 deployManifest -> 2 wait

    /// <summary><c>orca:pipeline:starting</c>: execution <c>RUNNING</c>, both stages <c>NOT_STARTED</c> with no tasks.</summary>
    public static string PipelineStarting(string executionId = ExecutionId, string pipelineName = PipelineName, long startTime = T0 + 190,
        string user = Alice, string application = Application)
    {
        var execution = ExecutionNode(executionId, pipelineName, "RUNNING", startTime, null, ManualTriggerNode(user, executionId), application,
            DeployManifestStage(DeployStageId, "NOT_STARTED", null, null, finishedTasks: 0, planned: false),
            WaitStage(WaitStageId, "NOT_STARTED", null, null));
        return Event("orca:pipeline:starting", ExecutionContent(execution), startTime + 50, application);
    }

    /// <summary><c>orca:stage:starting</c> for the deploy stage: <c>RUNNING</c>, nine tasks planned, <c>content.endTime</c> null.</summary>
    public static string StageStarting(string executionId = ExecutionId, string stageId = DeployStageId, long startTime = T0 + 300,
        string application = Application)
    {
        var deploy = DeployManifestStage(stageId, "RUNNING", startTime, null, finishedTasks: 0);
        var execution = ExecutionNode(executionId, PipelineName, "RUNNING", T0 + 190, null, ManualTriggerNode(Alice, executionId), application,
            deploy, WaitStage(WaitStageId, "NOT_STARTED", null, null));
        return Event("orca:stage:starting", StageContent(execution, deploy), startTime + 20, application);
    }

    /// <summary><c>orca:task:starting</c> for the <paramref name="taskIndex"/>-th (1-based) task of the deploy stage.</summary>
    public static string TaskStarting(string executionId = ExecutionId, string stageId = DeployStageId, int taskIndex = 5)
    {
        var deploy = DeployManifestStage(stageId, "RUNNING", T0 + 300, null, finishedTasks: taskIndex - 1, runningTask: taskIndex);
        var execution = ExecutionNode(executionId, PipelineName, "RUNNING", T0 + 190, null, ManualTriggerNode(Alice, executionId), Application,
            deploy, WaitStage(WaitStageId, "NOT_STARTED", null, null));
        var taskName = $"deployManifest.{DeployManifestTasks[taskIndex - 1]}";
        return Event("orca:task:starting", StageContent(execution, deploy, taskName), DeployTaskStart(taskIndex) + 15);
    }

    /// <summary>
    /// <c>orca:task:complete</c> (or <c>:failed</c> when <paramref name="status"/> is not a success) for the
    /// <paramref name="taskIndex"/>-th (1-based) task of the deploy stage; later tasks are <c>NOT_STARTED</c>.
    /// </summary>
    public static string TaskCompleted(string executionId = ExecutionId, string stageId = DeployStageId, int taskIndex = 5,
        string status = "SUCCEEDED", long? endTime = null)
    {
        var deploy = DeployManifestStage(stageId, "RUNNING", T0 + 300, null, finishedTasks: taskIndex, lastTaskStatus: status, lastTaskEnd: endTime);
        var execution = ExecutionNode(executionId, PipelineName, "RUNNING", T0 + 190, null, ManualTriggerNode(Alice, executionId), Application,
            deploy, WaitStage(WaitStageId, "NOT_STARTED", null, null));
        var taskName = $"deployManifest.{DeployManifestTasks[taskIndex - 1]}";
        var type = status is "SUCCEEDED" or "SKIPPED" ? "orca:task:complete" : "orca:task:failed";
        return Event(type, StageContent(execution, deploy, taskName), (endTime ?? DeployTaskEnd(taskIndex)) + 15);
    }

    /// <summary>
    /// The deploy stage ended (<c>orca:stage:complete</c>, <c>:failed</c> or <c>:skipped</c> after <paramref name="status"/>),
    /// with Kubernetes outputs (<c>outputs.manifests</c>, <c>outputs.createdArtifacts</c>) and two Clouddriver
    /// <c>kato.tasks</c>; the wait stage has not started.
    /// </summary>
    public static string StageCompleted(string executionId = ExecutionId, string stageId = DeployStageId, string status = "SUCCEEDED",
        long? endTime = T0 + 39_035, string application = Application)
    {
        var deploy = DeployManifestStage(stageId, status, T0 + 300, endTime, finishedTasks: 9);
        var execution = ExecutionNode(executionId, PipelineName, "RUNNING", T0 + 190, null, ManualTriggerNode(Alice, executionId), application,
            deploy, WaitStage(WaitStageId, "NOT_STARTED", null, null));
        return Event(StageEventType(status), StageContent(execution, deploy), (endTime ?? T0 + 39_035) + 40, application);
    }

    /// <summary>
    /// The execution ended: <c>orca:pipeline:complete</c> for <c>SUCCEEDED</c>, else <c>orca:pipeline:failed</c>.
    /// Both stages ran (and succeeded unless the pipeline did not).
    /// </summary>
    public static string PipelineCompleted(string executionId = ExecutionId, string status = "SUCCEEDED", long? endTime = T0 + 69_402,
        string pipelineName = PipelineName, string application = Application)
    {
        var stageStatus = status == "SUCCEEDED" ? "SUCCEEDED" : status;
        var execution = ExecutionNode(executionId, pipelineName, status, T0 + 190, endTime, ManualTriggerNode(Alice, executionId), application,
            DeployManifestStage(DeployStageId, "SUCCEEDED", T0 + 300, T0 + 39_035, finishedTasks: 9),
            WaitStage(WaitStageId, stageStatus, T0 + 39_140, endTime is null ? null : endTime - 72));
        return Event(PipelineEventType(status), ExecutionContent(execution), (endTime ?? T0 + 69_402) + 60, application);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Failures

    public const string FailedExecutionId = "01HZB4T2DA7E1F3G5H7J9K1M3N";
    public const string AwsDeployStageId = "01HZB4T2DB0P2Q4R6S8T0V2W4X";
    public const string CreateServerGroupStageId = "01HZB4T2DC6Y8Z0A2B4C6D8E0F";
    public const string SoakStageId = "01HZB4T2DD1G3H5J7K9M1N3P5Q";
    public const string CapacityError = "Validation failed: capacity.invalid (desired capacity 12 is greater than max capacity 10)";

    /// <summary>
    /// <c>orca:stage:failed</c> for the synthetic <c>createServerGroup</c> child (<c>1&lt;1</c>, <c>STAGE_BEFORE</c>) of an
    /// AWS <c>deploy</c> stage: Clouddriver answered HTTP 400, so <c>context.exception</c> and the task's
    /// <c>taskExceptionDetails</c> hold <c>{details: {error, errors, status, url, kind, method}}</c>. Parent and
    /// execution are still <c>RUNNING</c>.
    /// </summary>
    public static string SyntheticDeployStageFailed(string executionId = FailedExecutionId)
    {
        var (parent, child, soak) = AwsDeployStages(parentStatus: "RUNNING", parentEnd: null);
        var execution = ExecutionNode(executionId, "Deploy payments-api to production", "RUNNING", T0 + 301, null,
            ManualTriggerNode("bob@example.com", executionId), "payments", parent, child, soak);
        return Event("orca:stage:failed", StageContent(execution, child, isSynthetic: true), T0 + 1_700, "payments");
    }

    /// <summary>
    /// <c>orca:pipeline:failed</c> for that execution, now <c>TERMINAL</c>: the error text is only inside the child stage.
    /// </summary>
    public static string PipelineFailedTerminal(string executionId = FailedExecutionId, long endTime = T0 + 1_822)
    {
        var (parent, child, soak) = AwsDeployStages(parentStatus: "TERMINAL", parentEnd: T0 + 1_745);
        var execution = ExecutionNode(executionId, "Deploy payments-api to production", "TERMINAL", T0 + 301, endTime,
            ManualTriggerNode("bob@example.com", executionId), "payments", parent, child, soak);
        return Event("orca:pipeline:failed", ExecutionContent(execution), endTime + 40, "payments");
    }

    public const string CanceledExecutionId = "01HZB8C4EF2G4H6J8K0M2N4P6Q";

    /// <summary>
    /// <c>orca:pipeline:failed</c> for a pipeline a user canceled during the deploy stage: execution <c>CANCELED</c>,
    /// <c>canceled: true</c>, <c>canceledBy</c>, <c>cancellationReason</c>; the running stage and task <c>CANCELED</c>.
    /// <paramref name="endTime"/> null models the early event Orca sends at the moment of cancellation.
    /// </summary>
    public static string PipelineCanceled(string executionId = CanceledExecutionId, string canceledBy = "bob@example.com",
        string? reason = "Wrong image tag", long? endTime = T0 + 95_760)
    {
        var deploy = DeployManifestStage(DeployStageId, "CANCELED", T0 + 300, endTime is null ? null : endTime - 60,
            finishedTasks: 5, lastTaskStatus: "CANCELED");
        var execution = ExecutionNode(executionId, "Deploy to production (k8s)", "CANCELED", T0 + 160, endTime,
            ManualTriggerNode(Alice, executionId), Application, deploy, WaitStage(WaitStageId, "NOT_STARTED", null, null));
        execution["canceled"] = true;
        execution["canceledBy"] = canceledBy;
        execution["cancellationReason"] = reason;
        return Event("orca:pipeline:failed", ExecutionContent(execution), (endTime ?? T0 + 95_000) + 30);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // DAGs, triggers, templates

    public const string ParallelExecutionId = "01HZBC9R2S4T6V8W0X2Y4Z6A8B";

    /// <summary>
    /// <c>orca:pipeline:complete</c> for a Jenkins-triggered pipeline whose DAG is 1 -> {2, 3} -> 4
    /// (<c>requisiteStageRefIds</c>); the trigger has <c>master</c>, <c>job</c>, <c>buildNumber</c>, <c>buildInfo.scm</c>.
    /// </summary>
    public static string PipelineCompletedWithParallelBranches(string executionId = ParallelExecutionId, string commitSha = "4be1c0ffee5ac1d2e3f4a5b6c7d8e9f0a1b2c3d4")
    {
        var trigger = new JsonObject
        {
            ["type"] = "jenkins",
            ["correlationId"] = null,
            ["user"] = "[anonymous]",
            ["parameters"] = new JsonObject(),
            ["artifacts"] = new JsonArray(),
            ["notifications"] = new JsonArray(),
            ["resolvedExpectedArtifacts"] = new JsonArray(),
            ["rebake"] = false,
            ["dryRun"] = false,
            ["strategy"] = false,
            ["master"] = "ci",
            ["job"] = "checkout-build",
            ["buildNumber"] = 1482,
            ["propertyFile"] = null,
            ["buildInfo"] = new JsonObject
            {
                ["name"] = "checkout-build",
                ["number"] = 1482,
                ["url"] = "https://ci.example.com/job/checkout-build/1482/",
                ["result"] = "SUCCESS",
                ["scm"] = new JsonArray(new JsonObject { ["name"] = "origin/main", ["branch"] = "main", ["sha1"] = commitSha }),
                ["building"] = false,
                ["timestamp"] = T0 - 400_000,
            },
            ["properties"] = new JsonObject(),
            ["other"] = new JsonObject { ["type"] = "jenkins", ["master"] = "ci", ["job"] = "checkout-build", ["buildNumber"] = 1482, ["eventId"] = "0b7d1f84-5c3e-4a2b-9d6f-1e8c7a5b3d20" },
        };
        var execution = ExecutionNode(executionId, "Deploy to production", "SUCCEEDED", T0 + 190, T0 + 342_688, trigger, Application,
            StageNode("01HZBC9R2T1A", "1", "evaluateVariables", "Evaluate Variables", "SUCCEEDED", T0 + 310, T0 + 702, new JsonObject { ["variables"] = new JsonArray() },
                [TaskNode("1", "evaluateVariables", "SUCCEEDED", T0 + 330, T0 + 690)]),
            StageNode("01HZBC9R2T2B", "2", "deployManifest", "Deploy us-east-1", "SUCCEEDED", T0 + 760, T0 + 42_250,
                new JsonObject { ["account"] = "prod-use1", ["cloudProvider"] = "kubernetes" }, [TaskNode("1", "deployManifest", "SUCCEEDED", T0 + 800, T0 + 42_200)], requisite: ["1"]),
            StageNode("01HZBC9R2T3C", "3", "deployManifest", "Deploy us-west-2", "SUCCEEDED", T0 + 768, T0 + 42_258,
                new JsonObject { ["account"] = "prod-usw2", ["cloudProvider"] = "kubernetes" }, [TaskNode("1", "deployManifest", "SUCCEEDED", T0 + 810, T0 + 42_210)], requisite: ["1"]),
            StageNode("01HZBC9R2T4D", "4", "wait", "Bake time", "SUCCEEDED", T0 + 42_420, T0 + 342_600, new JsonObject { ["waitTime"] = 300 },
                [TaskNode("1", "wait", "SUCCEEDED", T0 + 42_450, T0 + 342_580)], requisite: ["2", "3"]));
        execution["authentication"] = new JsonObject { ["user"] = null, ["allowedAccounts"] = new JsonArray() };
        return Event("orca:pipeline:complete", ExecutionContent(execution), T0 + 342_750);
    }

    public const string JudgmentExecutionId = "01HZBG5W7X9Y1Z3A5B7C9D1E3F";
    public const string JudgmentStageId = "01HZBG5W7Y2G4H6J8K0M2N4P6Q";

    /// <summary>
    /// A decided <c>manualJudgment</c> stage ended: <c>orca:stage:complete</c> (status <c>SUCCEEDED</c>) for
    /// <c>continue</c>, <c>orca:stage:failed</c> (<c>TERMINAL</c>) for <c>stop</c>. The stage waited
    /// <paramref name="waitedMs"/>; the judge's PATCH is in <c>lastModified</c> 9.4 s before the stage ended.
    /// </summary>
    public static string ManualJudgmentDecided(string judgmentStatus = "continue", string judge = "carol@example.com",
        long waitedMs = 1_093_248, string? input = "Approve", string executionId = JudgmentExecutionId, string stageId = JudgmentStageId)
    {
        var start = T0 + 402;
        var end = start + waitedMs;
        var stopped = judgmentStatus.Equals("stop", StringComparison.OrdinalIgnoreCase);
        var status = stopped ? "TERMINAL" : "SUCCEEDED";
        var context = new JsonObject
        {
            ["failPipeline"] = true,
            ["instructions"] = "Check the staging dashboards before approving.",
            ["judgmentInputs"] = new JsonArray(new JsonObject { ["value"] = "Approve" }, new JsonObject { ["value"] = "Reject" }),
            ["notifications"] = new JsonArray(),
            ["propagateAuthenticationContext"] = true,
            ["stageTimeoutMs"] = 86_400_000,
            ["judgmentStatus"] = judgmentStatus,
            ["judgmentInput"] = input,
            ["lastModifiedBy"] = judge,
        };
        var judgment = StageNode(stageId, "1", "manualJudgment", "Approve production rollout", status, start, end, context,
            [TaskNode("1", "waitForJudgment", status, start + 29, end - 25)],
            lastModified: new JsonObject
            {
                ["user"] = judge,
                ["allowedAccounts"] = new JsonArray("prod-use1", "staging-k8s"),
                ["lastModifiedTime"] = end - 9_437,
            });
        var next = StageNode("01HZBG5W7Z3R5S7T9V1W3X5Y7Z", "2", "pipeline", "Start production deploy", "NOT_STARTED", null, null,
            new JsonObject { ["application"] = Application, ["pipeline"] = "5e1f7a2c-3b4d-4e6f-8a9b-0c1d2e3f4a5b", ["waitForCompletion"] = true },
            requisite: ["1"]);
        var execution = ExecutionNode(executionId, "Promote to production", "RUNNING", T0 + 211, null, ManualTriggerNode(Alice, executionId), Application, judgment, next);
        return Event(StageEventType(status), StageContent(execution, judgment), end + 40);
    }

    public const string RollbackExecutionId = "01HZBM3N5P7Q9R1S3T5V7W9X1Y";
    public const string RollbackStageId = "01HZBM3N5Q0A2B4C6D8E0F2G4H";

    /// <summary>
    /// <c>orca:stage:complete</c> for an AWS <c>rollbackServerGroup</c> stage (<c>rollbackType: EXPLICIT</c>,
    /// <c>rollbackContext</c>) with two synthetic <c>STAGE_AFTER</c> children <c>1&gt;1</c> (enable the old server
    /// group) and <c>1&gt;2</c> (disable the new one).
    /// </summary>
    public static string RollbackServerGroupCompleted(string executionId = RollbackExecutionId)
    {
        var context = new JsonObject
        {
            ["cloudProvider"] = "aws",
            ["credentials"] = "prod",
            ["regions"] = new JsonArray("us-east-1"),
            ["serverGroup"] = "payments-api-v042",
            ["moniker"] = new JsonObject { ["app"] = "payments", ["cluster"] = "payments-api", ["stack"] = "api", ["sequence"] = 42 },
            ["rollbackType"] = "EXPLICIT",
            ["rollbackContext"] = new JsonObject
            {
                ["rollbackServerGroupName"] = "payments-api-v042",
                ["restoreServerGroupName"] = "payments-api-v041",
                ["targetHealthyRollbackPercentage"] = 100,
            },
        };
        var rollback = StageNode(RollbackStageId, "1", "rollbackServerGroup", "Rollback Server Group", "SUCCEEDED", T0 + 320, T0 + 128_460, context);
        var enable = StageNode("01HZBM3N5R1J3K5M7N9P1Q3R5S", "1>1", "enableServerGroup", "Enable payments-api-v041 due to rollback", "SUCCEEDED",
            T0 + 1_410, T0 + 63_880,
            new JsonObject
            {
                ["cloudProvider"] = "aws", ["credentials"] = "prod", ["region"] = "us-east-1", ["serverGroupName"] = "payments-api-v041",
                ["deploy.server.groups"] = new JsonObject { ["us-east-1"] = new JsonArray("payments-api-v041") },
            },
            [TaskNode("1", "enableServerGroup", "SUCCEEDED", T0 + 1_500, T0 + 2_100), TaskNode("2", "waitForUpInstances", "SUCCEEDED", T0 + 2_200, T0 + 63_800)],
            parentStageId: RollbackStageId, owner: "STAGE_AFTER");
        var disable = StageNode("01HZBM3N5S2T4V6W8X0Y2Z4A6B", "1>2", "disableServerGroup", "Disable payments-api-v042 due to rollback", "SUCCEEDED",
            T0 + 63_950, T0 + 128_400,
            new JsonObject
            {
                ["cloudProvider"] = "aws", ["credentials"] = "prod", ["region"] = "us-east-1", ["serverGroupName"] = "payments-api-v042",
                ["deploy.server.groups"] = new JsonObject { ["us-east-1"] = new JsonArray("payments-api-v042") },
            },
            [TaskNode("1", "disableServerGroup", "SUCCEEDED", T0 + 64_000, T0 + 64_900), TaskNode("2", "waitForDownInstances", "SUCCEEDED", T0 + 65_000, T0 + 128_300)],
            requisite: ["1>1"], parentStageId: RollbackStageId, owner: "STAGE_AFTER");
        var execution = ExecutionNode(executionId, "Rollback payments-api (us-east-1)", "RUNNING", T0 + 190, null,
            ManualTriggerNode("bob@example.com", executionId), "payments", rollback, enable, disable);
        return Event("orca:stage:complete", StageContent(execution, rollback), T0 + 128_500, "payments");
    }

    public const string ChildExecutionId = "01HZBR7T9V1W3X5Y7Z9A1B3C5D";
    public const string ParentExecutionId = "01HZBR0A2B4C6D8E0F2G4H6J8K";
    public const string ParentStageId = "01HZBR0A2C5M7N9P1Q3R5S7T9V";

    /// <summary>
    /// <c>orca:pipeline:complete</c> for a child pipeline started by a parent's <c>pipeline</c> stage: the trigger
    /// carries the whole <c>parentExecution</c>, <c>parentPipelineStageId</c>, a <c>correlationId</c>, and the parent
    /// again inside <c>other</c>.
    /// </summary>
    public static string ChildPipelineCompleted(string executionId = ChildExecutionId, string parentExecutionId = ParentExecutionId,
        string? parentStageId = ParentStageId)
    {
        var parentStage = StageNode(ParentStageId, "3", "pipeline", "Run smoke tests", "RUNNING", T0 + 5_000, null,
            new JsonObject { ["application"] = Application, ["pipeline"] = "77c1e2d3-4f5a-4b6c-8d7e-9f0a1b2c3d4e", ["executionId"] = executionId });
        var parent = ExecutionNode(parentExecutionId, "Deploy to staging", "RUNNING", T0 + 100, null, ManualTriggerNode(Alice, parentExecutionId), Application, parentStage);
        var trigger = new JsonObject
        {
            ["type"] = "pipeline",
            ["correlationId"] = $"{parentExecutionId}_{parentStageId}",
            ["user"] = Alice,
            ["parameters"] = new JsonObject(),
            ["artifacts"] = new JsonArray(),
            ["notifications"] = new JsonArray(),
            ["resolvedExpectedArtifacts"] = new JsonArray(),
            ["rebake"] = false,
            ["dryRun"] = false,
            ["strategy"] = false,
            ["parentExecution"] = parent,
            ["parentPipelineStageId"] = parentStageId,
            ["other"] = new JsonObject { ["type"] = "pipeline", ["user"] = Alice, ["parentExecution"] = parent.DeepClone() },
        };
        var execution = ExecutionNode(executionId, "Smoke tests", "SUCCEEDED", T0 + 5_200, T0 + 65_000, trigger, Application,
            WaitStage("01HZBR7TA0E2F4G6H8J0K2M4N6", "SUCCEEDED", T0 + 5_300, T0 + 64_900));
        return Event("orca:pipeline:complete", ExecutionContent(execution), T0 + 65_050);
    }

    /// <summary>
    /// <c>orca:pipeline:complete</c> for a pipeline planned from a managed pipeline template: v2 sends
    /// <c>source: {id: null, type: "templatedPipeline", version: "v2"}</c> and <c>templateVariables</c>; v1 names the template in <c>source.id</c>.
    /// </summary>
    public static string TemplatedPipelineCompleted(string version = "v2", string? templateId = null, string executionId = "01HZBW2X4Y6Z8A0B2C4D6E8F0G")
    {
        var execution = ExecutionNode(executionId, "Deploy checkout-api to dev (templated)", "SUCCEEDED", T0 + 180, T0 + 95_960,
            ManualTriggerNode(Alice, executionId), Application, WaitStage("01HZBW2X4Z1H3J5K7M9N1P3Q5R", "SUCCEEDED", T0 + 300, T0 + 95_900));
        execution["source"] = new JsonObject { ["id"] = templateId, ["type"] = "templatedPipeline", ["version"] = version };
        execution["templateVariables"] = new JsonObject { ["namespace"] = "checkout-dev", ["soakSeconds"] = 60 };
        return Event("orca:pipeline:complete", ExecutionContent(execution), T0 + 96_000);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Orchestrations

    public const string OrchestrationId = "01HZC1E3F5G7H9J1K3M5N7P9Q1";
    public const string SavePipelineStageId = "01HZC1E3F6R3S5T7V9W1X3Y5Z7";

    /// <summary>
    /// An ad-hoc task ("Save pipeline" from the UI): <c>orca:orchestration:starting</c>, or <c>:complete</c>/<c>:failed</c>
    /// when <paramref name="status"/> is not <c>RUNNING</c>. <c>type: ORCHESTRATION</c>, <c>name: null</c>,
    /// <c>description</c> set, one stage with <c>refId: null</c> and <c>name: null</c>, trigger type <c>none</c>.
    /// </summary>
    public static string Orchestration(string status = "SUCCEEDED", string executionId = OrchestrationId,
        string description = "Save pipeline 'Deploy to staging'")
    {
        var running = status == "RUNNING";
        long? end = running ? null : T0 + 1_340;
        var save = StageNode(SavePipelineStageId, null, "savePipeline", null, running ? "RUNNING" : status, T0 + 140, running ? null : T0 + 1_290,
            new JsonObject { ["pipeline.name"] = PipelineName, ["user"] = Alice },
            [TaskNode("1", "savePipeline", running ? "RUNNING" : status, T0 + 170, running ? null : T0 + 610)]);
        var trigger = new JsonObject
        {
            ["type"] = "none", ["correlationId"] = null, ["user"] = "[anonymous]", ["parameters"] = new JsonObject(),
            ["artifacts"] = new JsonArray(), ["notifications"] = new JsonArray(), ["other"] = new JsonObject(),
            ["resolvedExpectedArtifacts"] = new JsonArray(), ["rebake"] = false, ["dryRun"] = false, ["strategy"] = false,
        };
        var execution = ExecutionNode(executionId, null, status, T0 + 90, end, trigger, Application, save);
        execution["type"] = "ORCHESTRATION";
        execution["description"] = description;
        execution["pipelineConfigId"] = null;
        var type = running ? "orca:orchestration:starting" : status == "SUCCEEDED" ? "orca:orchestration:complete" : "orca:orchestration:failed";
        return Event(type, ExecutionContent(execution), (end ?? T0 + 90) + 48);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Canary analysis: a kayentaCanary stage whose synthetic children Orca plans when it starts

    public const string CanaryExecutionId = "01HZCK2M4N6P8Q0R2S4T6V8W0X";
    public const string CanaryStageId = "01HZCK2M4P1A3B5C7D9E1F3G5H";
    public const string CanaryIntervalsStageId = "01HZCK2M4Q2J4K6M8N0P2Q4R6S";

    /// <summary>Below <see cref="CanaryIntervalsStageId"/>: wait #1, Run Canary #1, wait #2, Run Canary #2 (refIds <c>1&lt;1&lt;1</c> ... <c>1&lt;1&lt;4</c>).</summary>
    public static readonly IReadOnlyList<string> CanaryRunStageIds =
        ["01HZCK2M4R3T5V7W9X1Y3Z5A7B", "01HZCK2M4S4C6D8E0F2G4H6J8K", "01HZCK2M4T5M7N9P1Q3R5S7T9V", "01HZCK2M4V6W8X0Y2Z4A6B8C0D"];

    /// <summary><c>orca:pipeline:starting</c> of the canary pipeline: one <c>kayentaCanary</c> stage, not started, no children planned yet.</summary>
    public static string CanaryPipelineStarting(string executionId = CanaryExecutionId)
    {
        var canary = CanaryStage("NOT_STARTED", null);
        var execution = ExecutionNode(executionId, "Canary checkout-api", "RUNNING", T0 + 120, null, ManualTriggerNode(Alice, executionId), Application, canary);
        return Event("orca:pipeline:starting", ExecutionContent(execution), T0 + 170);
    }

    /// <summary>
    /// Half-way through the canary: <c>orca:stage:starting</c> for Run Canary #2 (or, with <paramref name="taskName"/>,
    /// <c>orca:task:starting</c> for that task of it). The execution it carries has the <c>kayentaCanary</c> stage
    /// running with its synthetic <c>runCanaryIntervals</c> child (<c>1&lt;1</c>) and, below that, interval 1 done
    /// (<c>canaryScore</c> 88.4) and interval 2 running.
    /// </summary>
    public static string CanaryIntervalStarting(string executionId = CanaryExecutionId, string? taskName = null)
    {
        var start = T0 + 200;
        var canary = CanaryStage("RUNNING", start);
        var intervals = StageNode(CanaryIntervalsStageId, "1<1", "runCanaryIntervals", "runCanaryIntervals", "RUNNING", start + 40, null,
            new JsonObject { ["canaryConfig"] = CanaryConfig(), ["type"] = "runCanaryIntervals", ["name"] = "runCanaryIntervals" },
            [TaskNode("1", "runCanaryIntervals", "RUNNING", start + 60, null)],
            parentStageId: CanaryStageId, owner: "STAGE_BEFORE");
        var wait1 = CanaryWait(CanaryRunStageIds[0], "1<1<1", [], "SUCCEEDED", start + 90, start + 1_800_090);
        var run1 = CanaryRun(CanaryRunStageIds[1], "1<1<2", "Run Canary #1", ["1<1<1"], "SUCCEEDED", start + 1_800_150, start + 1_860_400, 88.4);
        var wait2 = CanaryWait(CanaryRunStageIds[2], "1<1<3", ["1<1<2"], "SUCCEEDED", start + 1_860_450, start + 3_660_450);
        var run2 = CanaryRun(CanaryRunStageIds[3], "1<1<4", "Run Canary #2", ["1<1<3"], "RUNNING", start + 3_660_500, null, null);
        var execution = ExecutionNode(executionId, "Canary checkout-api", "RUNNING", T0 + 120, null, ManualTriggerNode(Alice, executionId), Application,
            canary, intervals, wait1, run1, wait2, run2);
        return taskName is null
            ? Event("orca:stage:starting", StageContent(execution, run2, isSynthetic: true), start + 3_660_530)
            : Event("orca:task:starting", StageContent(execution, run2, $"runCanary.{taskName}", isSynthetic: true), start + 3_660_560);
    }

    private static JsonObject CanaryStage(string status, long? start) =>
        StageNode(CanaryStageId, "1", "kayentaCanary", "Canary analysis", status, start, null,
            new JsonObject
            {
                ["canaryConfig"] = CanaryConfig(),
                ["analysisType"] = "realTime",
                ["intervalStageId"] = status == "NOT_STARTED" ? null : CanaryIntervalsStageId,
            },
            status == "NOT_STARTED" ? [] : [TaskNode("1", "aggregateCanaryResults", "NOT_STARTED", null, null)]);

    private static JsonObject CanaryConfig() => new()
    {
        ["canaryConfigId"] = "6f3c2b1a-9d8e-4f7a-b6c5-d4e3f2a1b0c9",
        ["lifetimeDuration"] = "PT1H",
        ["canaryAnalysisIntervalMins"] = "30",
        ["scoreThresholds"] = new JsonObject { ["pass"] = 75, ["marginal"] = 50 },
        ["scopes"] = new JsonArray(new JsonObject { ["scopeName"] = "default", ["controlScope"] = "checkout-api-baseline", ["experimentScope"] = "checkout-api-canary" }),
    };

    private static JsonObject CanaryWait(string id, string refId, string[] after, string status, long start, long end) =>
        StageNode(id, refId, "wait", "Wait", status, start, end, new JsonObject { ["waitTime"] = 1800, ["type"] = "wait" },
            [TaskNode("1", "wait", status, start + 10, end - 10)], requisite: after, parentStageId: CanaryIntervalsStageId, owner: "STAGE_BEFORE");

    private static JsonObject CanaryRun(string id, string refId, string name, string[] after, string status, long start, long? end, double? score) =>
        StageNode(id, refId, "runCanary", name, status, start, end,
            new JsonObject
            {
                ["type"] = "runCanary",
                ["name"] = name,
                ["canaryConfigId"] = "6f3c2b1a-9d8e-4f7a-b6c5-d4e3f2a1b0c9",
                ["canaryPipelineExecutionId"] = end is null ? null : "01HZCK9T2W4X6Y8Z0A2B4C6D8E",
                ["canaryPipelineStatus"] = end is null ? null : "SUCCEEDED",
                ["canaryScore"] = score,
                ["warnings"] = new JsonArray(),
            },
            [TaskNode("1", "runCanary", end is null ? "RUNNING" : status, start + 20, end is null ? null : start + 900),
             TaskNode("2", "monitorCanary", end is null ? "NOT_STARTED" : status, end is null ? null : start + 950, end - 20)],
            requisite: after, parentStageId: CanaryIntervalsStageId, owner: "STAGE_BEFORE");

    // ---------------------------------------------------------------------------------------------------------------
    // Webhook stages: errors in context.webhook (orca-webhook WebhookResponseProcessor, MonitorWebhookTask)

    public const string WebhookExecutionId = "01HZCQ3R5S7T9V1W3X5Y7Z9A1B";
    public const string WebhookStageId = "01HZCQ3R5T2C4D6E8F0G2H4J6K";
    public const string WebhookUrl = "https://tracker.example.com/api/deploys";

    /// <summary>What Orca writes to <c>context.webhook.error</c> when the webhook answered a final 4xx.</summary>
    public static string WebhookError(string executionId = WebhookExecutionId, int statusCode = 404) =>
        $"Error submitting webhook for pipeline {executionId} to {WebhookUrl} with status code {statusCode}.";

    /// <summary>
    /// <c>orca:stage:failed</c> for a <c>webhook</c> stage. By default its <c>createWebhook</c> task got HTTP
    /// <paramref name="statusCode"/>: <c>context.webhook</c> holds <c>{error, statusCode, statusCodeValue, headers,
    /// body}</c> and nothing holds an exception. With <paramref name="monitorError"/>, the webhook was created and its
    /// <c>monitorWebhook</c> task failed instead: the message is in <c>context.webhook.monitor.error</c>.
    /// </summary>
    public static string WebhookStageFailed(string executionId = WebhookExecutionId, int statusCode = 404, string? monitorError = null)
    {
        var start = T0 + 400;
        var end = start + 2_310;
        JsonObject webhook;
        JsonObject[] tasks;
        if (monitorError is null)
        {
            webhook = new JsonObject
            {
                ["error"] = WebhookError(executionId, statusCode),
                ["statusCode"] = "NOT_FOUND",
                ["statusCodeValue"] = statusCode,
                ["headers"] = new JsonObject { ["Content-Type"] = "application/json" },
                ["body"] = new JsonObject { ["message"] = "no deploy named checkout-api" },
            };
            tasks = [TaskNode("1", "createWebhook", "TERMINAL", start + 30, end - 20)];
        }
        else
        {
            webhook = new JsonObject
            {
                ["statusCode"] = "CREATED",
                ["statusCodeValue"] = 201,
                ["statusEndpoint"] = WebhookUrl + "/7781",
                ["monitor"] = new JsonObject { ["error"] = monitorError, ["statusCode"] = "OK", ["statusCodeValue"] = 200, ["pastStatusCodes"] = new JsonArray() },
            };
            tasks =
            [
                TaskNode("1", "createWebhook", "SUCCEEDED", start + 30, start + 600),
                TaskNode("2", "monitorWebhook", "TERMINAL", start + 650, end - 20),
            ];
        }
        var context = new JsonObject
        {
            ["url"] = WebhookUrl,
            ["method"] = "POST",
            ["payload"] = new JsonObject { ["application"] = Application, ["version"] = "1.8.2" },
            ["waitForCompletion"] = monitorError is not null,
            ["statusJsonPath"] = monitorError is null ? null : "$.state",
            ["failFastStatusCodes"] = new JsonArray(),
            ["webhook"] = webhook,
        };
        var stage = StageNode(WebhookStageId, "1", "webhook", "Notify deploy tracker", "TERMINAL", start, end, context, tasks);
        var execution = ExecutionNode(executionId, "Deploy and notify", "RUNNING", T0 + 150, null, ManualTriggerNode(Alice, executionId), Application, stage);
        return Event("orca:stage:failed", StageContent(execution, stage), end + 35);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Shapes of real executions

    /// <summary>
    /// An event of the two-stage pipeline (deploy, wait) serialized the way Jackson writes Orca's stages
    /// (<c>@JsonIdentityInfo(property = "id")</c>): a stage object in full where the serializer first meets it and as its
    /// bare id after that. Here the wait stage is met first inside the deploy stage's context, so <c>stages</c> lists it
    /// by id; then both stages are listed again by id; and one id names a stage written nowhere.
    /// </summary>
    public static string WithStagesByReference(string echoJson, string unknownStageId = "01HZB0K7R0NWHERE0000000000")
    {
        var root = JsonNode.Parse(echoJson)!.AsObject();
        var stages = root["content"]!["execution"]!["stages"]!.AsArray();
        var wait = stages[1]!.DeepClone();
        stages[0]!["context"]!["nextStage"] = wait;
        stages[1] = WaitStageId;
        stages.Add(DeployStageId);
        stages.Add(WaitStageId);
        stages.Add(unknownStageId);
        return root.ToJsonString();
    }

    /// <summary>
    /// <c>orca:stage:starting</c> for the deploy stage (as <see cref="StageStarting"/>) where every context Orca wrote
    /// is an empty JSON array (<c>[]</c>) instead of an object: the event's <c>content.context</c> and each stage's.
    /// </summary>
    public static string StageStartingWithEmptyContexts(string executionId = ExecutionId)
    {
        var root = JsonNode.Parse(StageStarting(executionId))!.AsObject();
        root["content"]!["context"] = new JsonArray();
        foreach (var stage in root["content"]!["execution"]!["stages"]!.AsArray())
            stage!["context"] = new JsonArray();
        return root.ToJsonString();
    }

    /// <summary>
    /// The event with an execution as old executions and orchestrations have it: without <c>type</c> and <c>name</c>
    /// (and without <c>description</c>).
    /// </summary>
    public static string WithoutExecutionTypeAndName(string echoJson)
    {
        var root = JsonNode.Parse(echoJson)!.AsObject();
        var execution = root["content"]!["execution"]!.AsObject();
        execution.Remove("type");
        execution.Remove("name");
        execution.Remove("description");
        return root.ToJsonString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Old envelopes (pre-2020 details with nulls; content without the execution)

    public const string LegacyExecutionId = "2f6a9c1e-7b3d-4e5f-a1b2-c3d4e5f6a7b8";

    /// <summary>
    /// An old <c>orca:stage:complete</c> of a Kubernetes cluster stage: <c>details</c> with null <c>organization</c>,
    /// <c>project</c>, <c>_content_id</c>; <c>content</c> without <c>execution</c>, and by default without
    /// <c>stageId</c>, <c>name</c> and <c>eventId</c> too.
    /// </summary>
    public static string LegacyStageCompleted(string executionId = LegacyExecutionId, string? stageId = null, long startTime = 1_518_214_003_091,
        long endTime = 1_518_214_003_420, string? name = null)
    {
        var content = new JsonObject
        {
            ["standalone"] = false,
            ["canceled"] = false,
            ["context"] = new JsonObject
            {
                ["cluster"] = "hcm-web",
                ["credentials"] = "int-k8s",
                ["cloudProvider"] = "kubernetes",
                ["namespace"] = "applications",
                ["moniker"] = null,
                ["zones"] = new JsonArray(),
                ["deploy.server.groups"] = new JsonObject(),
            },
            ["startTime"] = startTime,
            ["endTime"] = endTime,
            ["executionId"] = executionId,
        };
        if (stageId is not null) content["stageId"] = stageId;
        if (name is not null) content["name"] = name;
        return LegacyEvent("orca:stage:complete", "hcm", endTime + 13, content);
    }

    /// <summary>
    /// The 2015 <c>orca:task:complete</c> of the spinnaker.io docs' shape: no execution, no times, and a task name of
    /// the old form <c>&lt;stageId&gt;.&lt;stageType&gt;.&lt;taskName&gt;.&lt;uuid&gt;</c>.
    /// </summary>
    public static string LegacyTaskCompleted(string executionId = "5d1c9e2a-0b3f-4a6d-8e7c-1f2a3b4c5d6e",
        string taskName = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d.enableAsg.monitorAsg.0f9e8d7c-6b5a-4c3d-2e1f-0a9b8c7d6e5f", long created = 1_422_487_582_294)
    {
        var content = new JsonObject
        {
            ["standalone"] = true,
            ["context"] = new JsonObject
            {
                ["asgName"] = "asgard-staging-v048",
                ["credentials"] = "test",
                ["deploy.account.name"] = "test",
                ["deploy.server.groups"] = new JsonObject(),
                ["kato.tasks"] = new JsonArray(new JsonObject { ["history"] = new JsonArray(), ["id"] = "19351", ["resultObjects"] = new JsonArray() }),
                ["regions"] = new JsonArray("us-west-1"),
            },
            ["executionId"] = executionId,
            ["taskName"] = taskName,
        };
        return LegacyEvent("orca:task:complete", "asgard", created, content);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Events that are not about an execution

    /// <summary>An Igor <c>build</c> event (old envelope, as Igor's events look in the wild).</summary>
    public static string Build(string master = "ci", string job = "checkout-build", int number = 59, bool building = false,
        string result = "SUCCESS", long timestamp = 1_427_237_722_249, long duration = 31_468, long created = 1_427_237_766_144)
    {
        var lastBuild = new JsonObject
        {
            ["building"] = building,
            ["number"] = number,
            ["result"] = result,
            ["timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture),
            ["duration"] = duration,
            ["url"] = $"https://ci.example.com/job/{job}/{number}/",
        };
        if (!building)
            lastBuild["artifacts"] = new JsonArray(new JsonObject { ["fileName"] = "app.deb", ["relativePath"] = "build/distributions/app.deb" });
        var content = new JsonObject { ["project"] = new JsonObject { ["name"] = job, ["lastBuild"] = lastBuild }, ["master"] = master };
        var details = new JsonObject
        {
            ["source"] = "igor", ["type"] = "build", ["created"] = Ms(created),
            ["organization"] = null, ["project"] = null, ["application"] = null, ["_content_id"] = null,
        };
        return new JsonObject { ["details"] = details, ["content"] = content }.ToJsonString();
    }

    /// <summary>A GitHub push re-broadcast by Echo's <c>/webhooks/git/github</c>: <c>rawContent</c>, <c>payload</c>, and <c>content</c> with Echo's additions.</summary>
    public static string GitPush(string repoProject = "example-org", string slug = "checkout-api", string hash = "7c2e4a6b8d0f1e3a5c7b9d1f3e5a7c9b1d3f5e7a",
        string branch = "main", string eventId = "3e9f1a7c-2b4d-4c6e-8f0a-1b3d5e7f9a2c", long created = T0 + 3_600_057)
    {
        var body = new JsonObject
        {
            ["ref"] = $"refs/heads/{branch}",
            ["after"] = hash,
            ["repository"] = new JsonObject { ["name"] = slug, ["full_name"] = $"{repoProject}/{slug}" },
            ["pusher"] = new JsonObject { ["name"] = "alice" },
        };
        var content = (JsonObject)body.DeepClone();
        content["repoProject"] = repoProject;
        content["slug"] = slug;
        content["hash"] = hash;
        content["branch"] = branch;
        content["action"] = "push:push";
        content["artifacts"] = new JsonArray();
        var details = new JsonObject
        {
            ["source"] = "github", ["type"] = "git", ["created"] = Ms(created),
            ["requestHeaders"] = new JsonObject { ["X-GitHub-Event"] = new JsonArray("push"), ["User-Agent"] = new JsonArray("okhttp/4.12.0") },
        };
        return new JsonObject
        {
            ["details"] = details, ["content"] = content, ["rawContent"] = body.ToJsonString(), ["payload"] = body.DeepClone(), ["eventId"] = eventId,
        }.ToJsonString();
    }

    /// <summary>The <c>manual</c> event Gate sends when someone starts a pipeline: no <c>details.source</c>, Gate's own <c>eventId</c>.</summary>
    public static string ManualTrigger(string application = Application, string pipelineNameOrId = PipelineName, string user = Alice,
        string? executionId = "01HZC6H8J0K2M4N6P8Q0R2S4T6", string eventId = "8f2d4b6a-1c3e-4f5a-9b7d-0e2c4a6b8d1f", long created = T0 + 44)
    {
        var trigger = new JsonObject
        {
            ["type"] = "manual", ["dryRun"] = false, ["user"] = user, ["parameters"] = new JsonObject { ["imageTag"] = "1.8.2" },
            ["artifacts"] = new JsonArray(), ["notifications"] = new JsonArray(), ["eventId"] = eventId, ["executionId"] = executionId,
        };
        var content = new JsonObject { ["application"] = application, ["pipelineNameOrId"] = pipelineNameOrId, ["trigger"] = trigger, ["user"] = user };
        var details = new JsonObject { ["type"] = "manual", ["created"] = Ms(created), ["requestHeaders"] = new JsonObject() };
        return new JsonObject { ["details"] = details, ["content"] = content, ["eventId"] = eventId }.ToJsonString();
    }

    /// <summary>Any other event, e.g. an Igor <c>docker</c> event.</summary>
    public static string Other(string type = "docker", string? source = "igor", string? eventId = "c4e6a8b0-2d4f-4a6c-8e0b-2d4f6a8c0e2b",
        long created = T0 + 7_200_000, string? application = null)
    {
        var details = new JsonObject { ["type"] = type, ["created"] = Ms(created), ["requestHeaders"] = new JsonObject() };
        if (source is not null) details["source"] = source;
        if (application is not null) details["application"] = application;
        var root = new JsonObject
        {
            ["details"] = details,
            ["content"] = new JsonObject { ["account"] = "docker-registry", ["registry"] = "registry.example.com", ["repository"] = "checkout-api", ["tag"] = "1.8.3" },
        };
        if (eventId is not null) root["eventId"] = eventId;
        return root.ToJsonString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Building blocks

    /// <summary>An Echo event with the current envelope (<c>details</c> without null members).</summary>
    public static string Event(string type, JsonObject content, long created, string application = Application,
        string? eventId = null, string source = "orca")
    {
        var details = new JsonObject { ["source"] = source, ["type"] = type, ["created"] = Ms(created), ["application"] = application, ["requestHeaders"] = new JsonObject() };
        var root = new JsonObject { ["details"] = details, ["content"] = content };
        // Echo mints a random eventId per event; a fixed one derived from the body keeps payloads reproducible.
        root["eventId"] = eventId ?? DeterministicGuid(type + created.ToString(CultureInfo.InvariantCulture) + content["executionId"]).ToString();
        return root.ToJsonString();
    }

    /// <summary><c>content</c> of pipeline and orchestration events.</summary>
    public static JsonObject ExecutionContent(JsonObject execution) =>
        new() { ["execution"] = execution, ["executionId"] = execution["id"]!.GetValue<string>() };

    /// <summary><c>content</c> of stage and task events, in Orca's order, for <paramref name="stage"/> of <paramref name="execution"/>.</summary>
    public static JsonObject StageContent(JsonObject execution, JsonObject stage, string? taskName = null, bool isSynthetic = false)
    {
        var content = new JsonObject
        {
            ["standalone"] = execution["type"]?.GetValue<string>() == "ORCHESTRATION",
            ["canceled"] = execution["canceled"]?.GetValue<bool>() ?? false,
            ["context"] = stage["context"]!.DeepClone(),
            ["startTime"] = stage["startTime"]?.DeepClone(),
            ["endTime"] = stage["endTime"]?.DeepClone(),
            ["executionId"] = execution["id"]!.GetValue<string>(),
            ["stageId"] = stage["id"]!.GetValue<string>(),
            ["isSynthetic"] = isSynthetic,
            ["name"] = stage["name"]?.DeepClone(),
        };
        if (taskName is not null) content["taskName"] = taskName;
        content["execution"] = execution;
        return content;
    }

    /// <summary>An execution (Orca's <c>PipelineExecutionImpl</c> as Retrofit1 serializes it: nulls kept).</summary>
    public static JsonObject ExecutionNode(string id, string? name, string status, long? startTime, long? endTime, JsonObject trigger,
        string application, params JsonObject[] stages) => new()
    {
        ["type"] = "PIPELINE",
        ["id"] = id,
        ["application"] = application,
        ["name"] = name,
        ["buildTime"] = startTime - 170,
        ["canceled"] = false,
        ["canceledBy"] = null,
        ["cancellationReason"] = null,
        ["limitConcurrent"] = true,
        ["maxConcurrentExecutions"] = 0,
        ["keepWaitingPipelines"] = false,
        ["stages"] = new JsonArray(stages.Select(s => (JsonNode)s).ToArray()),
        ["startTime"] = startTime,
        ["endTime"] = endTime,
        ["startTimeExpiry"] = null,
        ["status"] = status,
        ["authentication"] = new JsonObject { ["user"] = trigger["user"]?.DeepClone(), ["allowedAccounts"] = new JsonArray("prod-use1", "staging-k8s") },
        ["paused"] = null,
        ["origin"] = "api",
        ["trigger"] = trigger,
        ["description"] = null,
        ["pipelineConfigId"] = PipelineConfigId,
        ["source"] = null,
        ["notifications"] = new JsonArray(),
        ["initialConfig"] = new JsonObject(),
        ["systemNotifications"] = new JsonArray(),
        ["spelEvaluator"] = "v4",
        ["templateVariables"] = null,
        ["partition"] = null,
    };

    /// <summary>A stage (Orca's <c>StageExecutionImpl</c>).</summary>
    public static JsonObject StageNode(string id, string? refId, string type, string? name, string status, long? startTime, long? endTime,
        JsonObject context, JsonObject[]? tasks = null, string[]? requisite = null, string? parentStageId = null, string? owner = null,
        JsonObject? lastModified = null) => new()
    {
        ["id"] = id,
        ["refId"] = refId,
        ["type"] = type,
        ["name"] = name,
        ["startTime"] = startTime,
        ["endTime"] = endTime,
        ["startTimeExpiry"] = null,
        ["status"] = status,
        ["context"] = context,
        ["outputs"] = new JsonObject(),
        ["tasks"] = new JsonArray((tasks ?? []).Select(t => (JsonNode)t).ToArray()),
        ["syntheticStageOwner"] = owner,
        ["parentStageId"] = parentStageId,
        ["requisiteStageRefIds"] = new JsonArray((requisite ?? []).Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
        ["scheduledTime"] = null,
        ["lastModified"] = lastModified,
        ["additionalMetricTags"] = null,
    };

    /// <summary>A task (Orca's <c>TaskExecutionImpl</c>); <paramref name="exception"/> goes to <c>taskExceptionDetails.exception</c>.</summary>
    public static JsonObject TaskNode(string id, string name, string status, long? startTime, long? endTime, JsonObject? exception = null) => new()
    {
        ["id"] = id,
        ["implementingClass"] = $"com.netflix.spinnaker.orca.tasks.{char.ToUpperInvariant(name[0])}{name[1..]}Task",
        ["name"] = name,
        ["startTime"] = startTime,
        ["endTime"] = endTime,
        ["status"] = status,
        ["stageStart"] = id == "1",
        ["stageEnd"] = false,
        ["loopStart"] = false,
        ["loopEnd"] = false,
        ["taskExceptionDetails"] = exception is null ? new JsonObject() : new JsonObject { ["exception"] = exception },
    };

    private static JsonObject ManualTriggerNode(string user, string executionId) => new()
    {
        ["type"] = "manual",
        ["correlationId"] = null,
        ["user"] = user,
        ["parameters"] = new JsonObject { ["imageTag"] = "1.8.2" },
        ["artifacts"] = new JsonArray(),
        ["notifications"] = new JsonArray(),
        ["other"] = new JsonObject
        {
            ["type"] = "manual", ["user"] = user, ["executionId"] = executionId, ["parameters"] = new JsonObject { ["imageTag"] = "1.8.2" },
            ["eventId"] = DeterministicGuid("trigger" + executionId).ToString(),
        },
        ["resolvedExpectedArtifacts"] = new JsonArray(),
        ["rebake"] = false,
        ["dryRun"] = false,
        ["strategy"] = false,
    };

    /// <summary>When the <paramref name="index"/>-th (1-based) task of the deploy stage starts.</summary>
    public static long DeployTaskStart(int index) => T0 + 330 + (index - 1) * 4_000L;

    /// <summary>When the <paramref name="index"/>-th (1-based) task of the deploy stage ends, unless told otherwise.</summary>
    public static long DeployTaskEnd(int index) => DeployTaskStart(index) + 3_500;

    /// <summary>
    /// The <c>deployManifest</c> stage with its nine tasks: the first <paramref name="finishedTasks"/> ended (the last of
    /// them with <paramref name="lastTaskStatus"/>), <paramref name="runningTask"/> running, the rest not started. When
    /// all nine ended, the context has Kubernetes outputs and two Clouddriver tasks.
    /// </summary>
    private static JsonObject DeployManifestStage(string id, string status, long? start, long? end, int finishedTasks, bool planned = true,
        string lastTaskStatus = "SUCCEEDED", long? lastTaskEnd = null, int? runningTask = null)
    {
        var tasks = new List<JsonObject>();
        if (planned)
        {
            for (var i = 1; i <= DeployManifestTasks.Count; i++)
            {
                var name = DeployManifestTasks[i - 1];
                var id2 = i.ToString(CultureInfo.InvariantCulture);
                if (i < finishedTasks) tasks.Add(TaskNode(id2, name, "SUCCEEDED", DeployTaskStart(i), DeployTaskEnd(i)));
                else if (i == finishedTasks) tasks.Add(TaskNode(id2, name, lastTaskStatus, DeployTaskStart(i), lastTaskEnd ?? DeployTaskEnd(i)));
                else if (i == runningTask) tasks.Add(TaskNode(id2, name, "RUNNING", DeployTaskStart(i), null));
                else tasks.Add(TaskNode(id2, name, "NOT_STARTED", null, null));
            }
        }

        var context = new JsonObject
        {
            ["account"] = "staging-k8s",
            ["cloudProvider"] = "kubernetes",
            ["moniker"] = new JsonObject { ["app"] = Application },
            ["source"] = "text",
            ["manifests"] = new JsonArray(Deployment()),
        };
        if (finishedTasks == DeployManifestTasks.Count)
        {
            context["kato.last.task.id"] = new JsonObject { ["id"] = "01HZB0M2K7CLEANUP000000001" };
            context["deploy.account.name"] = "staging-k8s";
            context["deploy.server.groups"] = new JsonObject();
            context["kato.tasks"] = new JsonArray(
                KatoTask("01HZB0M1A3DEPLOY0000000001", failed: false, "Processing op: KubernetesDeployManifestOperation", "Orchestration completed."),
                KatoTask("01HZB0M2K7CLEANUP000000001", failed: false, "Processing op: KubernetesCleanupArtifactsOperation", "Orchestration completed."));
            context["outputs.manifests"] = new JsonArray(Deployment());
            context["outputs.manifestNamesByNamespace"] = new JsonObject { ["checkout-staging"] = new JsonArray("deployment checkout-api") };
            context["outputs.createdArtifacts"] = new JsonArray(new JsonObject
            {
                ["type"] = "kubernetes/deployment", ["name"] = "checkout-api", ["version"] = "", ["location"] = "checkout-staging",
                ["reference"] = "checkout-api", ["metadata"] = new JsonObject { ["account"] = "staging-k8s" },
                ["artifactAccount"] = null, ["provenance"] = null, ["uuid"] = null,
            });
            context["messages"] = new JsonArray();
            context["stableManifests"] = new JsonArray(new JsonObject { ["manifestName"] = "deployment checkout-api", ["location"] = "checkout-staging" });
            context["failedManifests"] = new JsonArray();
        }
        return StageNode(id, "1", "deployManifest", "Deploy (Manifest)", status, start, end, context, [.. tasks]);
    }

    private static JsonObject WaitStage(string id, string status, long? start, long? end) =>
        StageNode(id, "2", "wait", "Wait", status, start, end, new JsonObject { ["waitTime"] = 30 },
            start is null ? [] : [TaskNode("1", "wait", end is null ? "RUNNING" : status, start + 20, end - 20)],
            requisite: ["1"]);

    /// <summary>An AWS <c>deploy</c> stage, its failed synthetic <c>createServerGroup</c> child, and a soak stage not started.</summary>
    private static (JsonObject Parent, JsonObject Child, JsonObject Soak) AwsDeployStages(string parentStatus, long? parentEnd)
    {
        var cluster = new JsonObject
        {
            ["account"] = "prod",
            ["application"] = "payments",
            ["availabilityZones"] = new JsonObject { ["us-east-1"] = new JsonArray("us-east-1a", "us-east-1b") },
            ["capacity"] = new JsonObject { ["desired"] = 12, ["max"] = 10, ["min"] = 4 },
            ["cloudProvider"] = "aws",
            ["freeFormDetails"] = "",
            ["stack"] = "api",
            ["strategy"] = "redblack",
        };
        var exception = new JsonObject
        {
            ["timestamp"] = T0 + 1_630,
            ["exceptionType"] = "SpinnakerHttpException",
            ["operation"] = "createServerGroup",
            ["details"] = new JsonObject
            {
                ["error"] = "Bad Request",
                ["errors"] = new JsonArray(CapacityError),
                ["status"] = 400,
                ["url"] = "http://spin-clouddriver.spinnaker:7002/aws/ops",
                ["kind"] = "HTTP",
                ["method"] = "POST",
            },
            ["shouldRetry"] = false,
        };
        var parent = StageNode(AwsDeployStageId, "1", "deploy", "Deploy", parentStatus, T0 + 388, parentEnd,
            new JsonObject { ["clusters"] = new JsonArray(cluster.DeepClone()) },
            [TaskNode("1", "completeParallelDeploy", "NOT_STARTED", null, null)]);
        var childContext = new JsonObject
        {
            ["account"] = "prod",
            ["cluster"] = cluster.DeepClone(),
            ["type"] = "createServerGroup",
            ["name"] = "Deploy in us-east-1",
            ["source"] = new JsonObject { ["account"] = "prod", ["region"] = "us-east-1", ["serverGroupName"] = "payments-api-v041" },
            ["exception"] = exception.DeepClone(),
        };
        var child = StageNode(CreateServerGroupStageId, "1<1", "createServerGroup", "Deploy in us-east-1", "TERMINAL", T0 + 420, T0 + 1_671, childContext,
            [
                TaskNode("1", "determineSourceServerGroup", "SUCCEEDED", T0 + 450, T0 + 800),
                TaskNode("2", "createServerGroup", "TERMINAL", T0 + 1_121, T0 + 1_633, exception),
                TaskNode("3", "monitorDeploy", "NOT_STARTED", null, null),
            ],
            parentStageId: AwsDeployStageId, owner: "STAGE_BEFORE");
        var soak = StageNode(SoakStageId, "2", "wait", "Soak", "NOT_STARTED", null, null, new JsonObject { ["waitTime"] = 600 }, requisite: ["1"]);
        return (parent, child, soak);
    }

    private static JsonObject KatoTask(string id, bool failed, params string[] history) => new()
    {
        ["id"] = id,
        ["status"] = new JsonObject { ["completed"] = true, ["failed"] = failed, ["retryable"] = false },
        ["history"] = new JsonArray(history.Select(h => (JsonNode)new JsonObject { ["phase"] = "ORCHESTRATION", ["status"] = h }).ToArray()),
        ["resultObjects"] = new JsonArray(),
        ["outputs"] = new JsonArray(),
    };

    private static JsonObject Deployment() => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = "checkout-api", ["namespace"] = "checkout-staging" },
        ["spec"] = new JsonObject { ["replicas"] = 2 },
    };

    private static string LegacyEvent(string type, string application, long created, JsonObject content)
    {
        var details = new JsonObject
        {
            ["source"] = "orca", ["type"] = type, ["created"] = Ms(created), ["organization"] = null, ["project"] = null,
            ["application"] = application, ["_content_id"] = null, ["requestHeaders"] = new JsonObject(),
        };
        return new JsonObject { ["details"] = details, ["content"] = content }.ToJsonString();
    }

    private static string StageEventType(string status) => status switch
    {
        "SUCCEEDED" => "orca:stage:complete",
        "SKIPPED" => "orca:stage:skipped",
        "RUNNING" => "orca:stage:starting",
        _ => "orca:stage:failed",
    };

    private static string PipelineEventType(string status) => status is "SUCCEEDED" or "STOPPED" or "SKIPPED" ? "orca:pipeline:complete" : "orca:pipeline:failed";

    private static string Ms(long ms) => ms.ToString(CultureInfo.InvariantCulture);

    private static Guid DeterministicGuid(string seed) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)).AsSpan(0, 16));
}
