using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Incidents.Domain;
using static Spinnaker.Mesh.Rollback.Tests.Incidents.Support.PipelineRuns;

namespace Spinnaker.Mesh.Rollback.Tests.Incidents.Domain;

/// <summary>What changed between the last successful run and the failed one, read from two runs' triggers and stages.</summary>
[TestFixture]
public sealed class When_a_failed_run_is_compared_with_the_last_successful_one
{
    private static TriggerInfo Jenkins(int build, string sha, string image, string imageVersion, params (string Key, string Value)[] parameters) =>
        new("jenkins", "[anonymous]", null, null, null, build, sha, Scm: [new ScmInfo(sha, "main")],
            Parameters: parameters.ToDictionary(p => p.Key, p => p.Value),
            Artifacts: [new ArtifactInfo("docker/image", image, imageVersion, $"{image}:{imageVersion}", new Dictionary<string, string>())]);

    private static StageInfo ServerGroupDeploy(string? serverGroup, string status = "SUCCEEDED", IReadOnlyList<ArtifactInfo>? artifacts = null) =>
        new("deploy", "1", "createServerGroup", "Deploy in us-east-1", status, At(0), At(0.1), [], null, null, "aws", "prod", ["us-east-1"],
            "payments-api-prod", serverGroup, [], [], null, null, Artifacts: artifacts);

    private static IReadOnlyList<IncidentChange> Changes(TriggerInfo before, StageInfo[] beforeStages, TriggerInfo after, StageInfo[] afterStages) =>
        RunChanges.Between(
            new PipelineRun("S0", "SUCCEEDED", At(0), DeployContext.Facts(before, beforeStages)),
            new PipelineRun("F1", "TERMINAL", At(1), DeployContext.Facts(after, afterStages)));

    [Test]
    public void Should_list_versions_artifacts_commits_parameters_and_build_in_that_order()
    {
        var changes = Changes(
            Jenkins(41, "aaa1111", "ghcr.io/acme/payments-api", "2.3.9", ("region", "us-east-1"), ("canary", "true")),
            [ServerGroupDeploy("payments-api-prod-v041")],
            Jenkins(42, "bbb2222", "ghcr.io/acme/payments-api", "2.4.0", ("region", "us-east-1"), ("dryRun", "false")),
            [ServerGroupDeploy("payments-api-prod-v042", "TERMINAL")]);

        Assert.That(changes, Is.EqualTo(new[]
        {
            new IncidentChange("version", "prod/us-east-1/payments-api-prod", "payments-api-prod-v041", "payments-api-prod-v042"),
            new IncidentChange("artifact", "ghcr.io/acme/payments-api", "2.3.9", "2.4.0"),
            new IncidentChange("commit", "main", "aaa1111", "bbb2222"),
            new IncidentChange("parameter", "canary", "true", null),
            new IncidentChange("parameter", "dryRun", null, "false"),
            new IncidentChange("trigger", "buildNumber", "41", "42"),
        }), "region is unchanged, so not listed");
    }

    [Test]
    public void Should_name_a_changed_trigger_type()
    {
        var changes = Changes(Manual("1.4.1"), [], new TriggerInfo("pipeline", "[anonymous]", "P1", null, null, null, null,
            Parameters: new Dictionary<string, string> { ["imageTag"] = "1.4.1" }), []);
        Assert.That(changes, Is.EqualTo(new[] { new IncidentChange("trigger", "type", "manual", "pipeline") }));
    }

    [Test]
    public void Should_not_call_a_version_gone_when_the_failed_run_deployed_nothing()
    {
        var image = new ArtifactInfo("docker/image", Image, "1.4.1", null, new Dictionary<string, string>());
        var changes = Changes(Manual("1.4.1"), [ServerGroupDeploy("payments-api-prod-v041", artifacts: [image])],
            Manual("1.4.2"), [ServerGroupDeploy(null, "TERMINAL")]);
        Assert.That(changes.Select(c => c.Kind), Is.EqualTo(new[] { "parameter" }));
    }

    [Test]
    public void Should_list_a_version_the_last_success_did_not_deploy()
    {
        var image = new ArtifactInfo("docker/image", Image, "1.4.2", null, new Dictionary<string, string>());
        var changes = Changes(Manual("x"), [], Manual("x"), [Deploy("F1", At(1), "TERMINAL", "1.4.2") with { Artifacts = [image] }]);
        Assert.That(changes, Is.EqualTo(new[] { new IncidentChange("version", Image, null, "1.4.2") }));
    }

    [Test]
    public void Should_not_count_a_rollback_stage_s_restored_version_as_deployed()
    {
        var restored = new ArtifactInfo("spinnaker/server-group", "payments-api-prod-v040", null, null, new Dictionary<string, string>());
        var rollback = ServerGroupDeploy("payments-api-prod-v040") with { Type = "rollbackServerGroup", Artifacts = [restored] };
        Assert.That(DeployContext.Facts(null, [rollback]), Is.Empty);
    }

    [Test]
    public void Should_read_commits_and_artifacts_from_the_parent_pipeline_s_trigger()
    {
        TriggerInfo Child(string sha) => new("pipeline", "[anonymous]", "parent", "stage", null, null, null,
            ParentTrigger: new TriggerInfo("git", "[anonymous]", null, null, null, null, sha, Branch: "release"));
        var changes = Changes(Child("aaa1111"), [], Child("bbb2222"), []);
        Assert.That(changes, Is.EqualTo(new[] { new IncidentChange("commit", "release", "aaa1111", "bbb2222") }));
    }

    [Test]
    public void Should_list_nothing_without_a_successful_run_to_compare_with()
    {
        var failed = new PipelineRun("F1", "TERMINAL", At(1), DeployContext.Facts(Manual("1.4.2"), []));
        Assert.That(RunChanges.Between(null, failed), Is.Empty);
    }
}

[TestFixture]
public sealed class When_the_failed_stages_of_a_run_are_read
{
    [Test]
    public void Should_list_a_synthetic_child_with_its_message_and_its_parent_without_one()
    {
        var parent = Deploy("F1", At(1), "TERMINAL", "1.4.2") with { Id = "parent", Errors = [], Tasks = [] };
        var child = Deploy("F1", At(1), "TERMINAL", "1.4.2") with { Id = "child", ParentStageId = "parent", SyntheticStageOwner = "STAGE_BEFORE" };
        var failed = DeployContext.FailedStages([parent, child, Soak("F1", At(1), "NOT_STARTED")]);
        Assert.That(failed.Select(s => (s.StageId, s.Errors.Count)), Is.EqualTo(new[] { ("parent", 0), ("child", 2) }));
    }

    [Test]
    public void Should_not_repeat_a_message_the_stage_and_its_task_both_carry()
    {
        var stage = Deploy("F1", At(1), "TERMINAL", "1.4.2") with { Errors = [TaskError] };
        Assert.That(DeployContext.FailedStages([stage]).Single().Errors, Is.EqualTo(new[] { TaskError }));
    }
}
