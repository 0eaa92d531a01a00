using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Rollback.Rollbacks;
using static Spinnaker.Mesh.Rollback.Tests.Rollbacks.Executions;

namespace Spinnaker.Mesh.Rollback.Tests.Rollbacks;

internal static class Recognizing
{
    public static readonly RecognitionRules ByDefaultNames = RecognitionRules.ByName(new RecognitionOptions().PipelineNames());

    public static IReadOnlyList<RollbackRecognized> Of(IExecutionEvent e, RecognitionRules? rules = null) =>
        RollbackRecognizer.Recognize(e, rules ?? ByDefaultNames);

    public static RollbackRecognized One(IExecutionEvent e, RecognitionRules? rules = null)
    {
        var found = Of(e, rules);
        Assert.That(found, Has.Count.EqualTo(1), () => string.Join(", ", found.Select(r => r.RollbackId)));
        return found[0];
    }
}

public sealed class When_a_server_group_rollback_stage_ends
{
    private readonly Scenarios.ServerGroupRollback _scenario = new();
    private RollbackRecognized _rollback = null!;

    [OneTimeSetUp]
    public void Recognize() => _rollback = Recognizing.One(_scenario.StageEnded());

    [Test]
    public void Should_be_one_rollback_of_that_stage_and_not_of_its_enable_and_disable_steps() => Assert.Multiple(() =>
    {
        Assert.That(_rollback.RollbackId, Is.EqualTo(_scenario.RollbackId));
        Assert.That((_rollback.Kind, _rollback.StageId, _rollback.ExecutionId), Is.EqualTo(("rollbackServerGroup", (string?)_scenario.StageId, _scenario.ExecutionId)));
    });

    [Test]
    public void Should_name_the_application_cluster_account_and_region() =>
        Assert.That((_rollback.Application, _rollback.Cluster, _rollback.Account, _rollback.Region, _rollback.Namespace),
            Is.EqualTo(("payments", (string?)"payments-api", (string?)"prod", (string?)"us-east-1", (string?)null)));

    [Test]
    public void Should_roll_back_from_the_server_group_taken_out_to_the_one_put_back() =>
        Assert.That((_rollback.FromVersion, _rollback.ToVersion), Is.EqualTo(((string?)"payments-api-v042", (string?)"payments-api-v041")));

    [Test]
    public void Should_be_manual_and_name_the_user_who_started_it() =>
        Assert.That((_rollback.Automatic, _rollback.TriggeredBy), Is.EqualTo((false, (string?)"bob@example.com")));

    [Test]
    public void Should_end_with_its_stage() => Assert.Multiple(() =>
    {
        Assert.That((_rollback.Status, _rollback.Final), Is.EqualTo(("SUCCEEDED", true)));
        Assert.That((_rollback.StartedAt, _rollback.EndedAt), Is.EqualTo(((DateTimeOffset?)At(60), (DateTimeOffset?)At(62))));
        Assert.That(_rollback.ObservedAt, Is.EqualTo(At(62)));
    });

    [Test]
    public void Should_know_no_reason_when_nothing_failed_before_it() => Assert.That(_rollback.Reason, Is.Null);

    [Test]
    public void Should_give_the_same_observation_for_the_same_event_and_another_for_another_event() => Assert.Multiple(() =>
    {
        Assert.That(Recognizing.One(_scenario.StageEnded()).EventId, Is.EqualTo(_rollback.EventId));
        var fromPipeline = Recognizing.One(_scenario.PipelineEnded());
        Assert.That(fromPipeline.RollbackId, Is.EqualTo(_rollback.RollbackId));
        Assert.That(fromPipeline.EventId, Is.Not.EqualTo(_rollback.EventId));
    });

    [Test]
    public void Should_name_the_failed_stage_before_it_as_the_reason()
    {
        var canary = Stage("01JSGR00000000000000000CN1", "kayentaCanary", "FAILED_CONTINUE", 30, 55, name: "Canary",
            errors: ["Canary score 41 is not above the marginal threshold 75"]);
        var e = Executions.StageEnded(_scenario.Execution(), _scenario.Rollback(), canary, _scenario.Enable(), _scenario.Disable());

        Assert.That(Recognizing.One(e).Reason, Is.EqualTo("stage 'Canary' (kayentaCanary) FAILED_CONTINUE: Canary score 41 is not above the marginal threshold 75"));
    }
}

public sealed class When_Orca_rolls_back_a_failed_deploy
{
    private readonly Scenarios.DeployFailureRollback _scenario = new();
    private RollbackRecognized _rollback = null!;

    [OneTimeSetUp]
    public void Recognize() => _rollback = Recognizing.One(_scenario.RollbackEnded());

    [Test]
    public void Should_be_a_deploy_failure_rollback_of_the_synthetic_stage_not_of_the_region_rollback_under_it() =>
        Assert.That((_rollback.RollbackId, _rollback.Kind), Is.EqualTo((_scenario.RollbackId, "deployFailureRollback")));

    [Test]
    public void Should_be_automatic_by_Orca_whoever_started_the_deploy() =>
        Assert.That((_rollback.Automatic, _rollback.TriggeredBy), Is.EqualTo((true, (string?)"orca")));

    [Test]
    public void Should_give_the_failed_deploys_errors_as_the_reason() =>
        Assert.That(_rollback.Reason, Is.EqualTo($"stage 'Deploy in us-east-1' (createServerGroup) failed: {Scenarios.DeployFailureRollback.Error}"));

    [Test]
    public void Should_roll_back_from_the_new_server_group_to_the_one_Orca_chose_to_restore() =>
        Assert.That((_rollback.FromVersion, _rollback.ToVersion), Is.EqualTo(((string?)"payments-api-v043", (string?)"payments-api-v042")));

    [Test]
    public void Should_name_the_cluster_of_the_server_group_it_rolls_back() =>
        Assert.That((_rollback.Cluster, _rollback.Account, _rollback.Region), Is.EqualTo(((string?)"payments-api", (string?)"prod", (string?)"us-east-1")));

    [Test]
    public void Should_be_the_same_rollback_in_every_later_snapshot() => Assert.Multiple(() =>
    {
        Assert.That(Recognizing.One(_scenario.CreateFailed()).RollbackId, Is.EqualTo(_scenario.RollbackId));
        var final = Recognizing.One(_scenario.PipelineFailed());
        Assert.That((final.RollbackId, final.Status, final.Final), Is.EqualTo((_scenario.RollbackId, "SUCCEEDED", true)));
    });

    [Test]
    public void Should_be_running_while_its_snapshot_shows_it_running()
    {
        // The region's rollback ended; the cluster rollback above it has not yet.
        var running = Executions.StageEnded(_scenario.Execution(), _scenario.RollbackRegion(),
            _scenario.Deploy("RUNNING"), _scenario.Create("RUNNING"), _scenario.Rollback("RUNNING"));

        var rollback = Recognizing.One(running);

        Assert.That((rollback.Status, rollback.Final, rollback.EndedAt), Is.EqualTo(("RUNNING", false, (DateTimeOffset?)null)));
    }
}

public sealed class When_a_rollback_pipeline_undoes_a_rollout_after_its_parent_failed
{
    private readonly Scenarios.ManifestRollback _scenario = new();
    private RollbackRecognized _rollback = null!;

    [OneTimeSetUp]
    public void Recognize() => _rollback = Recognizing.One(_scenario.Events()[0]);

    [Test]
    public void Should_be_a_manifest_rollback_of_its_undo_stage() =>
        Assert.That((_rollback.RollbackId, _rollback.Kind), Is.EqualTo((_scenario.RollbackId, "undoRolloutManifest")));

    [Test]
    public void Should_name_the_manifest_its_account_and_namespace() =>
        Assert.That((_rollback.Application, _rollback.Cluster, _rollback.Account, _rollback.Namespace),
            Is.EqualTo(("checkout", (string?)"deployment checkout-api", (string?)"prod-use1", (string?)"checkout")));

    [Test]
    public void Should_be_automatic_and_name_the_parent_pipeline() =>
        Assert.That((_rollback.Automatic, _rollback.TriggeredBy), Is.EqualTo((true, (string?)"Deploy to production (k8s)")));

    [Test]
    public void Should_give_the_failed_parents_errors_as_the_reason() =>
        Assert.That(_rollback.Reason, Is.EqualTo($"Deploy to production (k8s) TERMINAL: {Scenarios.ManifestRollback.ParentError}"));

    [Test]
    public void Should_roll_back_from_the_image_the_parent_deployed_to_the_revision_restored() =>
        Assert.That((_rollback.FromVersion, _rollback.ToVersion), Is.EqualTo(((string?)"1.9.0", (string?)"revision 41")));

    [Test]
    public void Should_take_the_version_from_an_earlier_deploy_of_the_same_execution_first()
    {
        var deploy = Stage("01JMFR00000000000000000DP9", "deployManifest", "FAILED_CONTINUE", 9, 10, account: "prod-use1",
            artifacts: [Image("registry.example.com/checkout-api", "1.9.1")]);
        var e = Executions.PipelineEnded(_scenario.Execution(), deploy, _scenario.Undo());

        Assert.That(Recognizing.One(e).FromVersion, Is.EqualTo("1.9.1"));
    }
}

public sealed class When_Mesh_triggered_the_rollback
{
    private readonly Scenarios.MeshTriggered _scenario = new();
    private RollbackRecognized _rollback = null!;

    [OneTimeSetUp]
    public void Recognize() => _rollback = Recognizing.One(_scenario.Events()[0]);

    [Test]
    public void Should_be_one_rollback_of_the_execution_naming_the_decision() =>
        Assert.That((_rollback.RollbackId, _rollback.Kind, _rollback.StageId, _rollback.DecisionId),
            Is.EqualTo((_scenario.ExecutionId, "meshTriggered", (string?)null, (string?)_scenario.DecisionId)));

    [Test]
    public void Should_be_automatic_by_the_user_the_Gate_trigger_names() =>
        Assert.That((_rollback.Automatic, _rollback.TriggeredBy), Is.EqualTo((true, (string?)"spinnaker-mesh")));

    [Test]
    public void Should_take_the_target_from_what_its_pipeline_deployed() =>
        Assert.That((_rollback.Cluster, _rollback.Account, _rollback.Namespace, _rollback.ToVersion),
            Is.EqualTo(((string?)"deployment checkout-api", (string?)"prod-use1", (string?)"checkout", (string?)"1.8.2")));

    [Test]
    public void Should_end_with_its_execution() =>
        Assert.That((_rollback.Status, _rollback.Final, _rollback.StartedAt, _rollback.EndedAt),
            Is.EqualTo(("SUCCEEDED", true, (DateTimeOffset?)At(30), (DateTimeOffset?)At(32.5))));

    [Test]
    public void Should_be_one_rollback_even_when_its_pipeline_has_rollback_stages()
    {
        var undo = Stage("01JMSH00000000000000000UN1", "undoRolloutManifest", "SUCCEEDED", 30.1, 31, account: "prod-use1", ns: "checkout",
            rollback: new RollbackInfo(null, null, null, "deployment checkout-api", 1, "7", null));
        var rollback = Recognizing.One(Executions.PipelineEnded(_scenario.Execution(), undo));

        Assert.That((rollback.RollbackId, rollback.Kind, rollback.ToVersion), Is.EqualTo((_scenario.ExecutionId, "meshTriggered", (string?)"revision 7")));
    }

    [Test]
    public void Should_take_a_reason_the_trigger_names() =>
        Assert.That(Recognizing.One(Executions.PipelineEnded(_scenario.Execution() with
        {
            Trigger = MeshTrigger(_scenario.DecisionId, parameters: new Dictionary<string, string> { ["meshReason"] = "canary score 41 (Fail) for checkout-api" }),
        }, _scenario.Redeploy())).Reason, Is.EqualTo("canary score 41 (Fail) for checkout-api"));
}

public sealed class When_a_pipeline_is_a_rollback_pipeline_by_its_name
{
    private readonly Scenarios.RollbackPipelineByName _scenario = new();

    [Test]
    public void Should_be_one_rollback_of_the_execution_with_what_it_redeployed()
    {
        var rollback = Recognizing.One(_scenario.Events()[1]);

        Assert.Multiple(() =>
        {
            Assert.That((rollback.RollbackId, rollback.Kind, rollback.Application), Is.EqualTo((_scenario.ExecutionId, "rollbackPipeline", "ledger")));
            Assert.That((rollback.Cluster, rollback.Namespace, rollback.ToVersion, rollback.FromVersion),
                Is.EqualTo(((string?)"deployment ledger-api", (string?)"ledger", (string?)"3.2.0", (string?)null)));
            Assert.That((rollback.Automatic, rollback.TriggeredBy), Is.EqualTo((true, (string?)"cron")));
            Assert.That((rollback.Status, rollback.Final), Is.EqualTo(("SUCCEEDED", true)));
        });
    }

    [Test]
    public void Should_be_running_while_it_runs() =>
        Assert.That(Recognizing.One(_scenario.Events()[0]) is { Status: "RUNNING", Final: false, EndedAt: null }, Is.True);

    [TestCase("Rollback ledger-api", true)]
    [TestCase("ledger ROLLBACK (prod)", true)]
    [TestCase("auto_rollback-ledger", true)]
    [TestCase("Rollbacks report", false)]
    [TestCase("norollback", false)]
    [TestCase("Deploy ledger-api", false)]
    public void Should_match_rollback_as_a_word_of_its_own(string name, bool matches) =>
        Assert.That(Recognizing.Of(Executions.PipelineEnded(_scenario.Execution() with { PipelineName = name }, _scenario.Redeploy())),
            matches ? Has.Count.EqualTo(1) : Is.Empty);

    [Test]
    public void Should_follow_the_configured_pattern()
    {
        var rules = RecognitionRules.ByName(new RecognitionOptions { PipelineNamePattern = "^restore " }.PipelineNames());
        var restore = Executions.PipelineEnded(_scenario.Execution() with { PipelineName = "Restore ledger-api" }, _scenario.Redeploy());

        Assert.Multiple(() =>
        {
            Assert.That(Recognizing.Of(restore, rules), Has.Count.EqualTo(1));
            Assert.That(Recognizing.Of(_scenario.Events()[1], rules), Is.Empty, "the default word no longer counts");
        });
    }

    [Test]
    public void Should_be_its_rollback_stages_when_it_has_some()
    {
        var rollbackStage = Stage("01JRPN00000000000000000RB1", "rollbackServerGroup", "SUCCEEDED", 40.2, 41, cluster: "ledger-api", account: "prod",
            rollback: new RollbackInfo("EXPLICIT", "ledger-api-v010", "ledger-api-v009", null, null, null, null));
        var rollback = Recognizing.One(Executions.PipelineEnded(_scenario.Execution(), rollbackStage));

        Assert.That((rollback.RollbackId, rollback.Kind), Is.EqualTo(($"{_scenario.ExecutionId}:01JRPN00000000000000000RB1", "rollbackServerGroup")));
    }

    [Test]
    public void Should_be_one_failed_rollback_when_it_ended_before_its_rollback_stage_ran()
    {
        var check = Stage("01JRPN00000000000000000CK1", "checkPreconditions", "TERMINAL", 40.1, 40.2, errors: ["Expected 2 instances"]);
        var rollbackStage = Stage("01JRPN00000000000000000RB1", "rollbackServerGroup", "NOT_STARTED", 0, null) with { StartTime = null };
        var planned = Executions.StageEnded(_scenario.Execution("RUNNING", null), check, rollbackStage);
        var ended = Executions.PipelineEnded(_scenario.Execution("TERMINAL", 40.3), check, rollbackStage);

        Assert.Multiple(() =>
        {
            Assert.That(Recognizing.Of(planned), Is.Empty, "its rollback stage may still run");
            var rollback = Recognizing.One(ended);
            Assert.That((rollback.RollbackId, rollback.Kind, rollback.Status, rollback.Final), Is.EqualTo((_scenario.ExecutionId, "rollbackPipeline", "TERMINAL", true)));
        });
    }
}

public sealed class When_snapshots_show_rollback_stages_that_did_not_run_to_their_end
{
    private readonly Scenarios.ServerGroupRollback _scenario = new();

    [Test]
    public void Should_end_a_stage_the_final_snapshot_shows_running_with_its_execution()
    {
        var canceled = Executions.PipelineEnded(_scenario.Execution("CANCELED", 61.5), _scenario.Rollback("RUNNING"), _scenario.Enable());

        var rollback = Recognizing.One(canceled);

        Assert.That((rollback.Status, rollback.Final, rollback.EndedAt), Is.EqualTo(("CANCELED", true, (DateTimeOffset?)At(61.5))));
    }

    [TestCase("NOT_STARTED")]
    [TestCase("SKIPPED")]
    public void Should_not_count_a_rollback_stage_that_never_ran(string status)
    {
        var deploy = Stage("01JSGR00000000000000000DP1", "deployManifest", "TERMINAL", 50, 55, account: "prod");
        var never = _scenario.Rollback(status) with { StartTime = null, EndTime = null };

        Assert.That(Recognizing.Of(Executions.PipelineEnded(_scenario.Execution("TERMINAL", 56), deploy, never)), Is.Empty);
    }

    [Test]
    public void Should_recognize_a_rollback_run_as_an_ad_hoc_task_from_the_clusters_view()
    {
        var task = Executions.Execution("01JTASK000000000000000EXEC", "Rollback Server Group: payments-api-v042", "SUCCEEDED", 59.9, 62.1, Other("none"),
            type: "ORCHESTRATION");

        var rollback = Recognizing.One(Executions.OrchestrationEnded(task, _scenario.Rollback("RUNNING"), _scenario.Enable()));

        Assert.That((rollback.Kind, rollback.Status, rollback.Final, rollback.Automatic), Is.EqualTo(("rollbackServerGroup", "SUCCEEDED", true, false)));
    }

    [Test]
    public void Should_not_count_an_execution_without_rollback_stages() =>
        Assert.That(Recognizing.Of(Executions.PipelineEnded(Executions.Execution("01JNONE000000000000000EXEC", "Deploy payments-api", "SUCCEEDED", 0, 5, Manual()),
            Stage("01JNONE0000000000000000DP1", "deployManifest", "SUCCEEDED", 0, 5))), Is.Empty);
}

public sealed class When_telling_automatic_rollbacks_from_manual_ones
{
    private static RollbackRecognized With(TriggerInfo? trigger, string type = "PIPELINE")
    {
        var scenario = new Scenarios.ServerGroupRollback();
        return Recognizing.One(Executions.PipelineEnded(scenario.Execution("SUCCEEDED", 62.1) with { Trigger = trigger, ExecutionType = type }, scenario.Rollback()));
    }

    [Test]
    public void Should_take_a_manual_start_as_the_person_who_started_it() =>
        Assert.That(With(Manual("carol@example.com")) is { Automatic: false, TriggeredBy: "carol@example.com" }, Is.True);

    [Test]
    public void Should_take_an_ad_hoc_task_from_the_UI_as_manual() =>
        Assert.That(With(Other("none"), "ORCHESTRATION") is { Automatic: false, TriggeredBy: null }, Is.True);

    [TestCase("cron", "[anonymous]", "cron")]
    [TestCase("jenkins", "[anonymous]", "jenkins")]
    [TestCase("docker", "ci-bot", "ci-bot")]
    public void Should_take_other_triggers_as_automatic(string type, string user, string by) =>
        Assert.That((With(Other(type, user)).Automatic, With(Other(type, user)).TriggeredBy), Is.EqualTo((true, (string?)by)));

    [Test]
    public void Should_take_a_pipeline_trigger_as_automatic_by_the_parent_pipeline_or_its_execution() => Assert.Multiple(() =>
    {
        Assert.That(With(ByPipeline("01PARENT", "Deploy payments", "SUCCEEDED", [])).TriggeredBy, Is.EqualTo("Deploy payments"));
        Assert.That(With(new TriggerInfo("pipeline", "[anonymous]", "01PARENT", null, null, null, null)) is { Automatic: true, TriggeredBy: "01PARENT" }, Is.True);
    });

    [Test]
    public void Should_know_nobody_without_a_trigger() => Assert.That(With(null) is { Automatic: false, TriggeredBy: null }, Is.True);
}
