using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Dora.Domain.Inputs;
using static Spinnaker.Mesh.Dora.Tests.Domain.Scenario;

namespace Spinnaker.Mesh.Dora.Tests.Domain;

public sealed class When_a_normalized_execution_event_is_observed
{
    private static readonly ExecutionInfo Info = new("acme", App, "01J0EXEC", "PIPELINE", "Deploy checkout", "cfg-1", "SUCCEEDED",
        At(0, 9), At(0, 11), new TriggerInfo("git", "[anonymous]", null, null, null, null, "a1b2c3d"), null, false, null, null);

    private static StageInfo Stage(string id, string type, string status, string? parent = null, string? cluster = "checkout-main",
        IReadOnlyList<TaskInfo>? tasks = null) =>
        new(id, id, type, $"{type} stage", status, At(0, 9), At(0, 10), [], parent, parent is null ? null : "STAGE_BEFORE", "kubernetes",
            "prod-use1", ["us-east-1"], cluster, null, [], tasks ?? [], null, null);

    [Test]
    public void Should_map_a_terminal_pipeline_with_its_trigger_and_stages()
    {
        var observation = ExecutionObservations.From(new PipelineCompleted(Guid.NewGuid(), At(0, 11), Info, [Stage("1", "deployManifest", "SUCCEEDED")]))!;
        Assert.Multiple(() =>
        {
            Assert.That((observation.ExecutionId, observation.Status, observation.Trigger.Type, observation.Trigger.Hash),
                Is.EqualTo(("01J0EXEC", "SUCCEEDED", "git", (string?)"a1b2c3d")));
            Assert.That(observation.Stages.Single().Account, Is.EqualTo("prod-use1"));
        });
    }

    [Test]
    public void Should_take_a_ci_builds_sha_as_its_scm_revision()
    {
        var jenkins = Info with { Trigger = Info.Trigger! with { Type = "jenkins" } };
        var observation = ExecutionObservations.From(new OrchestrationCompleted(Guid.NewGuid(), At(0, 11), jenkins, []))!;
        Assert.That((observation.Trigger.Hash, observation.Trigger.Scm.Single().Sha1), Is.EqualTo(((string?)null, "a1b2c3d")));
    }

    [Test]
    public void Should_ignore_events_that_are_not_an_executions_end() =>
        Assert.That(ExecutionObservations.From(new PipelineStarted(Guid.NewGuid(), At(0, 9), Info, [])), Is.Null);

    [Test]
    public void Should_tag_canary_deploys_by_cluster_or_by_a_canary_parent_stage()
    {
        var observation = ExecutionObservations.From(new PipelineCompleted(Guid.NewGuid(), At(0, 11), Info,
        [
            Stage("1", "deployManifest", "SUCCEEDED", cluster: "checkout-main-canary"),
            Stage("2", "kayentaCanary", "SUCCEEDED"),
            Stage("3", "createServerGroup", "SUCCEEDED", parent: "2"),
            Stage("4", "deployManifest", "SUCCEEDED"),
        ]))!;
        Assert.That(observation.Stages.Select(s => s.IsCanary), Is.EqualTo(new[] { true, false, true, false }));
    }

    [Test]
    public void Should_note_a_deploy_that_applied_and_failed_waiting_to_be_stable()
    {
        TaskInfo Task(string name, string status) => new(name, name, status, At(0, 9), At(0, 10), null);
        var observation = ExecutionObservations.From(new PipelineCompleted(Guid.NewGuid(), At(0, 11), Info with { Status = "TERMINAL" },
        [
            Stage("1", "deployManifest", "TERMINAL", tasks: [Task("deployManifest", "SUCCEEDED"), Task("waitForManifestToStabilize", "TERMINAL")]),
            Stage("2", "deployManifest", "TERMINAL", tasks: [Task("deployManifest", "TERMINAL")]),
        ]))!;
        Assert.That(observation.Stages.Select(s => s.PartiallyApplied), Is.EqualTo(new[] { true, false }));
    }
}

public sealed class When_a_terminal_event_carries_the_new_trigger_and_stage_members
{
    private static readonly DateTimeOffset End = new(2026, 3, 2, 11, 0, 0, TimeSpan.Zero);

    private static StageInfo Stage(string id, string type, string? account, IReadOnlyList<string>? accounts = null, IReadOnlyList<ArtifactInfo>? artifacts = null) =>
        new(id, id, type, type, "SUCCEEDED", End.AddMinutes(-5), End, [], null, null, "kubernetes", account, [], "checkout-main", null, [], [], null, null,
            Accounts: accounts, Artifacts: artifacts);

    private static ExecutionObservation Observe(TriggerInfo trigger, params StageInfo[] stages) =>
        ExecutionObservations.From(new PipelineCompleted(Guid.NewGuid(), End, new ExecutionInfo("acme", "checkout", "01J0EXEC", "PIPELINE", "Deploy",
            "cfg", "SUCCEEDED", End.AddHours(-1), End, trigger, null, false, null, null), stages))!;

    [Test]
    public void Should_keep_every_scm_revision_parameter_artifact_and_the_parents_trigger()
    {
        var parent = new TriggerInfo("jenkins", null, null, null, null, 7, "aaa1111",
            Scm: [new ScmInfo("aaa1111", "feature"), new ScmInfo("bbb2222", "main")]);
        var child = new TriggerInfo("pipeline", null, "01JPARENT", "stage-1", null, null, null, Branch: "main",
            Parameters: new Dictionary<string, string> { ["gitSha"] = "ccc3333" },
            Artifacts: [new ArtifactInfo("docker/image", "gcr.io/acme/checkout", "1.4.2", "gcr.io/acme/checkout:1.4.2", new Dictionary<string, string>())],
            ParentTrigger: parent);
        var trigger = Observe(child).Trigger;
        Assert.Multiple(() =>
        {
            Assert.That((trigger.Branch, trigger.Parameters["gitSha"], trigger.Artifacts.Single().Reference),
                Is.EqualTo(("main", "ccc3333", "gcr.io/acme/checkout:1.4.2")));
            Assert.That(trigger.Parent!.Scm.Select(s => $"{s.Sha1}@{s.Branch}"), Is.EqualTo(new[] { "aaa1111@feature", "bbb2222@main" }));
        });
    }

    [Test]
    public void Should_observe_a_stage_once_per_account_it_deploys_to()
    {
        var stages = Observe(new TriggerInfo("manual", null, null, null, null, null, null),
            Stage("s1", "deploy", "prod-use1", accounts: ["prod-use1", "prod-euw1"])).Stages;
        Assert.That(stages.Select(s => $"{s.Id}:{s.Account}"), Is.EqualTo(new[] { "s1:prod-use1", "s1@prod-euw1:prod-euw1" }));
    }

    [Test]
    public void Should_take_a_rollbacks_restored_sha_only_when_its_target_states_one()
    {
        var stages = Observe(new TriggerInfo("manual", null, null, null, null, null, null),
            Stage("r1", "rollbackServerGroup", "prod-use1", artifacts: [new ArtifactInfo("docker/image", "gcr.io/acme/checkout", "1.4.1", null,
                new Dictionary<string, string> { ["gitSha"] = "abc1234" })]),
            Stage("r2", "rollbackServerGroup", "prod-use1", artifacts: [new ArtifactInfo("docker/image", "gcr.io/acme/checkout", "1.4.1", null,
                new Dictionary<string, string>())])).Stages;
        Assert.That(stages.Select(s => s.RestoredVersion), Is.EqualTo(new[] { "abc1234", null }));
    }
}
