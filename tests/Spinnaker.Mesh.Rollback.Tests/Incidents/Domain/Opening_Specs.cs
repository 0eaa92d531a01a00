using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Incidents.Domain;
using Spinnaker.Mesh.Rollback.Tests.Incidents.Support;
using static Spinnaker.Mesh.Rollback.Tests.Incidents.Support.PipelineRuns;

namespace Spinnaker.Mesh.Rollback.Tests.Incidents.Domain;

[TestFixture]
public sealed class When_a_pipeline_ends_terminal_after_a_successful_run
{
    private static readonly PipelineRuns Payments = new("acme");
    private IncidentScenario _scenario = null!;

    [SetUp]
    public void Observe()
    {
        _scenario = new IncidentScenario(Payments);
        _scenario.Observe(Payments.Succeeded("S0", At(0), version: "1.4.1"), Payments.Failed("F1", At(2), version: "1.4.2"));
    }

    [Test]
    public void Should_open_one_incident_for_the_failed_execution()
    {
        var opened = _scenario.Opened.Single();
        Assert.Multiple(() =>
        {
            Assert.That(opened.ExecutionId, Is.EqualTo("F1"));
            Assert.That(opened.Status, Is.EqualTo("TERMINAL"));
            Assert.That(opened.OpenedAt, Is.EqualTo(At(2)), "the execution's end");
            Assert.That((opened.Tenant, opened.Application, opened.PipelineConfigId, opened.PipelineName),
                Is.EqualTo(("acme", "payments", Payments.ConfigId, Payments.PipelineName)));
            Assert.That(opened.EventId, Is.EqualTo(IncidentIds.Opened("acme", opened.IncidentId)));
            Assert.That(_scenario.Single.Status, Is.EqualTo(IncidentStatus.Open));
            Assert.That(_scenario.Resolved, Is.Empty);
        });
    }

    [Test]
    public void Should_carry_the_failed_stage_with_the_stage_s_and_the_task_s_messages()
    {
        var stage = _scenario.Opened.Single().FailedStages.Single();
        Assert.That((stage.StageId, stage.Type, stage.Status), Is.EqualTo(("F1-deploy", "deployManifest", "TERMINAL")));
        Assert.That(stage.Errors, Is.EqualTo(new[] { StageError, TaskError }));
    }

    [Test]
    public void Should_carry_the_trigger_and_the_last_successful_execution()
    {
        var opened = _scenario.Opened.Single();
        Assert.That(opened.Trigger!.Type, Is.EqualTo("manual"));
        Assert.That(opened.Trigger.User, Is.EqualTo("bob@example.com"));
        Assert.That(opened.LastSuccessfulExecutionId, Is.EqualTo("S0"));
    }

    [Test]
    public void Should_list_what_changed_since_the_last_success()
    {
        Assert.That(_scenario.Opened.Single().Changes, Is.EqualTo(new[]
        {
            new IncidentChange("version", Image, "1.4.1", "1.4.2"),
            new IncidentChange("parameter", "imageTag", "1.4.1", "1.4.2"),
        }));
    }

    [Test]
    public void Should_derive_the_same_incident_from_the_same_failure_and_another_from_another()
    {
        var again = new IncidentScenario(Payments);
        again.Observe(Payments.Succeeded("S0", At(0), version: "1.4.1"), Payments.Failed("F1", At(2), version: "1.4.2"));
        var other = new IncidentScenario(Payments);
        other.Observe(Payments.Failed("F9", At(2)));
        var first = _scenario.Opened.Single();
        Assert.That((again.Opened.Single().IncidentId, again.Opened.Single().EventId), Is.EqualTo((first.IncidentId, first.EventId)));
        Assert.That(other.Opened.Single().IncidentId, Is.Not.EqualTo(first.IncidentId));
    }
}

[TestFixture]
public sealed class When_a_pipeline_is_canceled_or_stopped
{
    private static readonly PipelineRuns Payments = new("acme");

    [TestCase("CANCELED")]
    [TestCase("STOPPED")]
    public void Should_open_an_incident_with_that_status(string status)
    {
        var scenario = new IncidentScenario(Payments);
        scenario.Observe(Payments.Failed("F1", At(1), status, canceledBy: status == "CANCELED" ? "alice@example.com" : null));
        var opened = scenario.Opened.Single();
        Assert.That(opened.Status, Is.EqualTo(status));
        Assert.That(opened.FailedStages.Single().Status, Is.EqualTo(status));
        Assert.That(opened.CanceledBy, Is.EqualTo(status == "CANCELED" ? "alice@example.com" : null));
    }

    [Test]
    public void Should_list_a_stage_that_failed_but_let_the_pipeline_continue()
    {
        var failed = DeployContext.FailedStages([Deploy("F1", At(1), "FAILED_CONTINUE", "1.4.2"), Soak("F1", At(1), "SUCCEEDED")]);
        Assert.That(failed.Select(s => s.Status), Is.EqualTo(new[] { "FAILED_CONTINUE" }));
    }
}

[TestFixture]
public sealed class When_a_pipeline_has_no_earlier_success
{
    [Test]
    public void Should_open_the_incident_without_a_baseline_or_changes()
    {
        var payments = new PipelineRuns("acme");
        var scenario = new IncidentScenario(payments);
        scenario.Observe(payments.Failed("F1", At(1)));
        Assert.That(scenario.Opened.Single().LastSuccessfulExecutionId, Is.Null);
        Assert.That(scenario.Opened.Single().Changes, Is.Empty);
    }
}

[TestFixture]
public sealed class When_an_execution_is_nothing_incidents_follow
{
    private static readonly PipelineRuns Payments = new("acme");

    [Test]
    public void Should_open_nothing_for_a_success_without_an_incident()
    {
        var scenario = new IncidentScenario(Payments);
        var decision = scenario.Observe(Payments.Succeeded("S0", At(0)));
        Assert.That(scenario.Published, Is.Empty);
        Assert.That(decision.Recorded!.ExecutionId, Is.EqualTo("S0"), "kept as the baseline of a later failure");
    }

    [Test]
    public void Should_ignore_an_orchestration()
    {
        var run = Payments.Failed("O1", At(1));
        Assert.That(DeployContext.Observe(run with { Execution = run.Execution with { ExecutionType = "ORCHESTRATION" } }), Is.Null);
    }

    [TestCase("RUNNING")]
    [TestCase("SKIPPED")]
    [TestCase("FAILED_CONTINUE")]
    public void Should_ignore_an_outcome_that_is_neither_failure_nor_success(string status)
    {
        var run = Payments.Failed("X1", At(1));
        Assert.That(DeployContext.Observe(run with { Execution = run.Execution with { Status = status } }), Is.Null);
    }

    [Test]
    public void Should_ignore_an_execution_that_names_no_pipeline()
    {
        var run = new PipelineRuns("acme", configId: null, pipelineName: "").Failed("X1", At(1));
        Assert.That(DeployContext.Observe(run with { Execution = run.Execution with { PipelineName = null } }), Is.Null);
    }
}

[TestFixture]
public sealed class When_executions_name_their_pipeline_without_a_config_id
{
    [Test]
    public void Should_tell_pipelines_apart_by_application_and_name()
    {
        var deploy = new PipelineRuns("acme", configId: null, pipelineName: "Deploy");
        var verify = new PipelineRuns("acme", configId: null, pipelineName: "Verify");
        Assert.That(DeployContext.Observe(deploy.Failed("A", At(1)))!.Pipeline.Key, Is.EqualTo("name:payments/Deploy"));
        Assert.That(DeployContext.Observe(verify.Failed("B", At(1)))!.Pipeline.Key, Is.Not.EqualTo(DeployContext.Observe(deploy.Failed("C", At(1)))!.Pipeline.Key));
    }

    [Test]
    public void Should_prefer_the_config_id_which_survives_a_rename()
    {
        var before = new PipelineRuns("acme", configId: "cfg-1", pipelineName: "Deploy");
        var renamed = new PipelineRuns("acme", configId: "cfg-1", pipelineName: "Deploy to production");
        Assert.That(DeployContext.Observe(renamed.Failed("B", At(1)))!.Pipeline.Key, Is.EqualTo(DeployContext.Observe(before.Failed("A", At(1)))!.Pipeline.Key));
    }
}
