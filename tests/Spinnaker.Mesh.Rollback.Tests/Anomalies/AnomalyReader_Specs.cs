using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Canary.V1;
using Spinnaker.Mesh.Contracts.ExecutionTree.V1;
using Spinnaker.Mesh.Contracts.Impact.V1;
using Spinnaker.Mesh.Rollback.Anomalies;
using Spinnaker.Mesh.Rollback.Tests.Rollbacks;
using static Spinnaker.Mesh.Rollback.Tests.Rollbacks.Executions;

namespace Spinnaker.Mesh.Rollback.Tests.Anomalies;

/// <summary>Canary judgments, impact verdicts and regressions as their services publish them.</summary>
internal static class Signals
{
    public static CanaryJudged Canary(string classification, double score, DateTimeOffset at, string service = "payments-api",
        string tenant = Tenant, string application = "payments", string? name = null) =>
        new(Id(name ?? $"canary/{tenant}/{service}/{at:O}/{classification}"), name ?? $"kayenta-{service}-{at:HHmm}", tenant, application, service, "prod",
            "us-east-1", "production", "cfg-latency", "latency", score, classification, 75, 50, [new CanaryGroupScore("latency", score)],
            classification == "Pass" ? [] : [new CanaryMetricVerdict("p99-latency", "High", "p99 rose 40%", true)], "01JCANARY00000000000EXEC01", null, at);

    public static DeploymentDegraded Degraded(DateTimeOffset at, string cluster = "payments-api", string tenant = Tenant, string application = "payments") =>
        new(Id($"degraded/{tenant}/{cluster}/{at:O}"), tenant, application, "01JDEPLOY000000000000EXEC1", "01JDEPLOY0000000000000STG1", cluster, "prod",
            "us-east-1", null, "payments-api-v042", 35, [new SliImpact("error-rate", "High", 0.2, 3.1, 15.5, true, "errors rose")], at);

    public static ExecutionDurationRegressed Regressed(DateTimeOffset at, string tenant = Tenant, string application = "payments") =>
        new(Id($"regressed/{tenant}/{application}/{at:O}"), at, tenant, application, "Deploy payments-api to production", null, null,
            "01JREGRESS00000000000EXEC1", 30, 5, 240_000, 432_000, 1.8, 0.001);
}

public sealed class When_other_services_report_what_went_wrong
{
    [Test]
    public void Should_take_a_failed_canary_as_canaryFail_on_its_service()
    {
        var anomaly = AnomalyReader.Read(Signals.Canary("Fail", 41, At(30)))!;

        Assert.Multiple(() =>
        {
            Assert.That((anomaly.Kind, anomaly.Cluster, anomaly.At, anomaly.Reference), Is.EqualTo(("canaryFail", (string?)"payments-api", At(30), (string?)"kayenta-payments-api-1030")));
            Assert.That(anomaly.Summary, Is.EqualTo("canary score 41 (Fail) for payments-api, config latency: p99-latency High"));
            Assert.That(anomaly.ExecutionId, Is.EqualTo("01JCANARY00000000000EXEC01"));
        });
    }

    [Test]
    public void Should_take_a_marginal_canary_as_canaryMarginal_and_a_passing_one_as_nothing() => Assert.Multiple(() =>
    {
        Assert.That(AnomalyReader.Read(Signals.Canary("Marginal", 62.5, At(30)))!.Kind, Is.EqualTo("canaryMarginal"));
        Assert.That(AnomalyReader.Read(Signals.Canary("Pass", 91, At(30))), Is.Null);
    });

    [Test]
    public void Should_take_a_degraded_deployment_on_its_cluster()
    {
        var anomaly = AnomalyReader.Read(Signals.Degraded(At(50)));

        Assert.Multiple(() =>
        {
            Assert.That((anomaly.Kind, anomaly.ClusterKey, anomaly.Reference), Is.EqualTo(("deploymentDegraded", (string?)"payments-api", (string?)"01JDEPLOY0000000000000STG1")));
            Assert.That(anomaly.Summary, Is.EqualTo("deployment of payments-api-v042 to payments-api degraded (score 35): error-rate High"));
        });
    }

    [Test]
    public void Should_take_a_duration_regression_as_application_wide()
    {
        var regressed = Signals.Regressed(At(55));
        var anomaly = AnomalyReader.Read(regressed);

        Assert.Multiple(() =>
        {
            Assert.That((anomaly.Kind, anomaly.Cluster, anomaly.Reference), Is.EqualTo(("durationRegression", (string?)null, (string?)regressed.EventId.ToString())));
            Assert.That(anomaly.Summary, Is.EqualTo("pipeline 'Deploy payments-api to production' runs 1.8× slower (median 432 s vs 240 s)"));
        });
    }
}

public sealed class When_a_stage_fails
{
    private readonly Scenarios.DeployFailureRollback _deploy = new();

    [Test]
    public void Should_take_it_as_stageFailed_at_the_end_of_its_failed_task()
    {
        var anomaly = AnomalyReader.FailedStages(_deploy.CreateFailed()).Single();

        Assert.Multiple(() =>
        {
            Assert.That((anomaly.Kind, anomaly.At, anomaly.Reference, anomaly.Cluster), Is.EqualTo(("stageFailed", At(18), (string?)_deploy.CreateId, (string?)"payments-api")));
            Assert.That(anomaly.Summary, Is.EqualTo($"stage 'Deploy in us-east-1' (createServerGroup) TERMINAL: {Scenarios.DeployFailureRollback.Error}"));
            Assert.That(anomaly.ExecutionId, Is.EqualTo(_deploy.ExecutionId));
        });
    }

    [Test]
    public void Should_take_a_deploy_Orca_is_still_rolling_back_as_failed_from_its_task()
    {
        var anomaly = AnomalyReader.FailedStages(_deploy.RollbackEnded()).Single();

        Assert.That((anomaly.Reference, anomaly.At, anomaly.Summary.Contains(" TERMINAL: ")), Is.EqualTo(((string?)_deploy.CreateId, At(18), true)));
    }

    [Test]
    public void Should_be_one_anomaly_per_stage_whichever_event_showed_it()
    {
        var ids = _deploy.Events().SelectMany(AnomalyReader.FailedStages).GroupBy(a => a.Reference).ToDictionary(g => g.Key!, g => g.Select(a => a.EventId).Distinct().Count());

        Assert.That(ids, Is.EqualTo(new Dictionary<string, int> { [_deploy.CreateId] = 1, [_deploy.DeployId] = 1 }),
            "the deploy stage itself fails when its child does, in the pipeline's end");
    }

    [Test]
    public void Should_take_its_end_when_no_task_says_when_it_failed()
    {
        var failed = Stage("01JSTAGE0000000000000000F1", "deployManifest", "FAILED_CONTINUE", 1, 4, account: "prod-use1",
            artifacts: [Workload("deployment", "checkout-api")]);
        var anomaly = AnomalyReader.FailedStages(Executions.StageEnded(Executions.Execution("01JSTAGE00000000000000EXEC", "Deploy", "RUNNING", 0, null, Manual()), failed)).Single();

        Assert.That((anomaly.At, anomaly.Cluster, anomaly.ClusterKey), Is.EqualTo((At(4), (string?)"deployment checkout-api", (string?)"checkout-api")));
    }

    [TestCase("SUCCEEDED")]
    [TestCase("CANCELED")]
    [TestCase("SKIPPED")]
    public void Should_not_take_a_stage_that_did_not_fail_by_itself(string status) =>
        Assert.That(AnomalyReader.FailedStages(Executions.StageEnded(_deploy.Execution(), _deploy.Create(status) with { Tasks = [] })), Is.Empty);

    [Test]
    public void Should_not_take_a_failed_rollback_or_a_step_of_one()
    {
        var sg = new Scenarios.ServerGroupRollback();

        Assert.Multiple(() =>
        {
            Assert.That(AnomalyReader.FailedStages(Executions.StageEnded(sg.Execution(), sg.Rollback("TERMINAL"), sg.Enable())), Is.Empty);
            Assert.That(AnomalyReader.FailedStages(Executions.StageEnded(sg.Execution(), sg.Disable("TERMINAL"), sg.Rollback("RUNNING"), sg.Enable())), Is.Empty);
        });
    }
}

public sealed class When_clusters_are_named_in_different_ways
{
    [TestCase("payments-api", "payments-api")]
    [TestCase("payments-api-v042", "payments-api")]
    [TestCase("deployment checkout-api", "checkout-api")]
    [TestCase(" Checkout-API ", "checkout-api")]
    [TestCase("", null)]
    [TestCase(null, null)]
    public void Should_compare_them_on_one_key(string? cluster, string? key) => Assert.That(ClusterKey.Of(cluster), Is.EqualTo(key));
}
