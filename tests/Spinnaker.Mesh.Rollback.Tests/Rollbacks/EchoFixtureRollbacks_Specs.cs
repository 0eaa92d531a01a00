extern alias ingest;
using ingest::Spinnaker.Mesh.Ingest.Normalization;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Anomalies;
using Spinnaker.Mesh.Rollback.Tests.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Rollback.Tests.Rollbacks;

/// <summary>The shared Echo fixtures as ingest normalizes and publishes them.</summary>
internal static class EchoFixtureEvents
{
    public const string ServerGroupRollback = "synthetic-stage-complete-rollbackservergroup.json";
    public const string UndoRollout = "synthetic-pipeline-complete-rollback-undorollout.json";
    public const string DeployFailed = "synthetic-stage-failed-deploy-exception.json";
    public const string PipelineFailed = "synthetic-pipeline-failed-terminal.json";

    public const string UndoError = "'deployment checkout-api' in 'checkout' for account prod-use1: Deployment exceeded its progress deadline";
    public const string CapacityError = "Validation failed: basicAmazonDeployDescription.capacity.invalid (desired capacity 12 is greater than max capacity 10)";

    public static IReadOnlyList<IExecutionEvent> Of(string file, string tenant = Executions.Tenant)
    {
        var json = File.ReadAllText(Path.Combine(EchoFixtures.RequireEchoFolder(), file));
        var result = EchoEventNormalizer.Normalize(EchoPayloads.Receipt(json, tenant));
        Assert.That(result.Rejection, Is.Null, $"ingest rejected {file}");
        return [.. result.Events.Select(e => e.Event).OfType<IExecutionEvent>()];
    }
}

public sealed class When_recognizing_rollbacks_in_the_shared_Echo_fixtures
{
    private static IReadOnlyList<Spinnaker.Mesh.Rollback.Rollbacks.RollbackRecognized> Rollbacks(string file) =>
        [.. EchoFixtureEvents.Of(file).SelectMany(e => Recognizing.Of(e))];

    [Test]
    public void Should_read_the_manual_server_group_rollback_and_the_reason_its_trigger_gives()
    {
        var rollback = Rollbacks(EchoFixtureEvents.ServerGroupRollback).Single();

        Assert.Multiple(() =>
        {
            Assert.That((rollback.RollbackId, rollback.Kind), Is.EqualTo(("01HXWEFB4403FMJWB0TM7QDPD7:01HXWEFB4524BE8FH3FPNCYKT8", "rollbackServerGroup")));
            Assert.That((rollback.Application, rollback.Cluster, rollback.Account, rollback.Region),
                Is.EqualTo(("payments", (string?)"payments-api", (string?)"prod", (string?)"us-east-1")));
            Assert.That((rollback.FromVersion, rollback.ToVersion), Is.EqualTo(((string?)"payments-api-v042", (string?)"payments-api-v041")));
            Assert.That((rollback.Automatic, rollback.TriggeredBy, rollback.Reason),
                Is.EqualTo((false, (string?)"bob@example.com", (string?)"p99 latency regression after v042")));
            Assert.That((rollback.Status, rollback.Final), Is.EqualTo(("SUCCEEDED", true)));
        });
    }

    [Test]
    public void Should_read_the_manifest_rollback_the_failed_production_deploy_started()
    {
        var rollback = Rollbacks(EchoFixtureEvents.UndoRollout).Single();

        Assert.Multiple(() =>
        {
            Assert.That((rollback.RollbackId, rollback.Kind), Is.EqualTo(("01HXWBKYX0XPNCF4P94GZJR3C0:" + rollback.StageId, "undoRolloutManifest")));
            Assert.That((rollback.Application, rollback.Cluster, rollback.Account, rollback.Namespace),
                Is.EqualTo(("checkout", (string?)"deployment checkout-api", (string?)"prod-use1", (string?)"checkout")));
            Assert.That((rollback.FromVersion, rollback.ToVersion), Is.EqualTo(((string?)"1.9.0", (string?)"revision 41")));
            Assert.That((rollback.Automatic, rollback.TriggeredBy), Is.EqualTo((true, (string?)"Deploy to production (k8s)")));
            Assert.That(rollback.Reason, Is.EqualTo($"Deploy to production (k8s) TERMINAL: {EchoFixtureEvents.UndoError}"));
        });
    }

    [Test]
    public void Should_read_no_rollback_of_a_deploy_that_failed_before_it_created_a_server_group() => Assert.Multiple(() =>
    {
        Assert.That(Rollbacks(EchoFixtureEvents.DeployFailed), Is.Empty);
        Assert.That(Rollbacks(EchoFixtureEvents.PipelineFailed), Is.Empty);
    });

    [Test]
    public void Should_read_the_failed_deploy_as_one_anomaly_at_the_failure_of_its_task()
    {
        var failed = EchoFixtureEvents.Of(EchoFixtureEvents.DeployFailed).Concat(EchoFixtureEvents.Of(EchoFixtureEvents.PipelineFailed))
            .SelectMany(AnomalyReader.FailedStages).DistinctBy(a => a.EventId).ToList();
        var create = failed.Single(a => a.Reference == "01HXVXA1D4R9E0ZN1WKV9ZTXHW");

        Assert.Multiple(() =>
        {
            Assert.That(failed, Has.Count.EqualTo(2), "the createServerGroup child, and its deploy parent in the pipeline's end");
            Assert.That((create.Kind, create.ClusterKey, create.At), Is.EqualTo(("stageFailed", (string?)"payments-api", DateTimeOffset.FromUnixTimeMilliseconds(1715702401633))));
            Assert.That(create.Summary, Does.EndWith(EchoFixtureEvents.CapacityError));
        });
    }
}

/// <summary>
/// The fixtures fed to the running service as ingest publishes them: the earlier failed deploy of payments-api shows as
/// an anomaly before the later server-group rollback, five hours later, once the anomaly window is six hours.
/// </summary>
[NonParallelizable]
public sealed class When_the_rollback_service_reads_the_shared_Echo_fixtures
{
    private RollbackService _service = null!;

    [OneTimeSetUp]
    public async Task StartAndFeed()
    {
        IExecutionEvent[] events =
        [
            .. EchoFixtureEvents.Of(EchoFixtureEvents.DeployFailed), .. EchoFixtureEvents.Of(EchoFixtureEvents.PipelineFailed),
            .. EchoFixtureEvents.Of(EchoFixtureEvents.ServerGroupRollback), .. EchoFixtureEvents.Of(EchoFixtureEvents.UndoRollout),
        ];
        _service = await RollbackService.StartAsync(new Dictionary<string, string>
        {
            ["Mesh__Rollback__Recognition__AnomalyWindow"] = "06:00:00",
            ["Mesh__Rollback__Recognition__BatchTimeLimit"] = "00:00:00.050",
        });
        // The failed deploy first, as Echo sent it hours before the rollbacks.
        await _service.PublishAsync([.. events.Take(2)]);
        await _service.Isolated.AcknowledgedAsync("rollback-execution-events", 2);
        await _service.PublishAsync([.. events.Skip(2)]);
        await Eventually.GetAsync(() => Task.FromResult(_service.Messages.Of<RollbackObserved>().Count), n => n >= 2, TimeSpan.FromSeconds(60), "two RollbackObserved");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _service.DisposeAsync();

    [Test]
    public void Should_publish_both_rollbacks_the_server_group_one_with_the_failed_deploy_before_it()
    {
        var observed = _service.Messages.Of<RollbackObserved>();
        var serverGroup = observed.Single(o => o.Kind == "rollbackServerGroup");

        Assert.Multiple(() =>
        {
            Assert.That(observed.Select(o => o.Kind), Is.EquivalentTo(new[] { "rollbackServerGroup", "undoRolloutManifest" }));
            Assert.That(serverGroup.PrecedingAnomalies.Select(a => (a.Kind, a.Reference)), Is.EqualTo(new[]
            {
                ("stageFailed", (string?)"01HXVXA1D4R9E0ZN1WKV9ZTXHW"), ("stageFailed", (string?)"01HXVXA1087P6SSEFWYR48NHGC"),
            }));
            Assert.That(serverGroup.PrecedingAnomalies[0].Summary, Does.EndWith(EchoFixtureEvents.CapacityError));
            Assert.That(observed.Single(o => o.Kind == "undoRolloutManifest").PrecedingAnomalies, Is.Empty, "checkout saw nothing Mesh recorded");
        });
    }

    [Test]
    public async Task Should_answer_the_manifest_rollback_with_its_versions_and_reason()
    {
        var list = await _service.GetJsonAsync("/api/rollbacks?application=checkout", Executions.Tenant);
        var rollback = list.GetProperty("rollbacks").EnumerateArray().Single();

        Assert.Multiple(() =>
        {
            Assert.That(rollback.GetProperty("fromVersion").GetString(), Is.EqualTo("1.9.0"));
            Assert.That(rollback.GetProperty("toVersion").GetString(), Is.EqualTo("revision 41"));
            Assert.That(rollback.GetProperty("reason").GetString(), Does.EndWith(EchoFixtureEvents.UndoError));
            Assert.That(rollback.GetProperty("startedAt").GetString(), Is.EqualTo("2024-05-14T20:10:05.900Z"), "the undo stage's start");
        });
    }
}
