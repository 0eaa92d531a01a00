using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Judgments;
using Spinnaker.Mesh.CanaryScore.Tests.Support;
using Spinnaker.Mesh.Contracts.Kayenta.V1;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Judgments;

[TestFixture]
public sealed class Reading_a_Kayenta_canary_execution_status
{
    [Test]
    public void Should_keep_Kayentas_double_score_group_scores_and_the_metrics_that_did_not_pass()
    {
        var status = KayentaStatuses.Succeeded("k-1", 74.99, parentExecutionId: "01HXPARENT",
            metrics:
            [
                new("p99-latency", "High", "The metric was classified as High", Critical: true),
                new("error-rate", "Pass"),
                new("cpu", "Nodata", "No data", Group: "system"),
                new("muted-gc", "High", "muted", Muted: true),
            ],
            groupScores: new Dictionary<string, double> { ["latency"] = 50, ["system"] = 100 });
        var run = KayentaCanaryReader.Read(KayentaStatuses.Receipt(status)).Run!;

        Assert.Multiple(() =>
        {
            Assert.That(run.JudgmentId, Is.EqualTo("k-1"));
            Assert.That(run.Score, Is.EqualTo(74.99));
            Assert.That(run.Status, Is.EqualTo("succeeded"));
            Assert.That(run.ParentPipelineExecutionId, Is.EqualTo("01HXPARENT"));
            Assert.That(run.GroupScores.Select(g => (g.Name, g.Score)), Is.EqualTo(new[] { ("latency", 50.0), ("system", 100.0) }));
            Assert.That(run.FailingMetrics.Select(m => (m.Name, m.Classification, m.Reason, m.Critical)), Is.EqualTo(new[]
            {
                ("p99-latency", "High", (string?)"The metric was classified as High", true),
                ("cpu", "Nodata", (string?)"No data", false),
            }), "Pass and muted metrics are left out");
            Assert.That((run.PassThreshold, run.MarginalThreshold), Is.EqualTo(((double?)90, (double?)75)), "the request's thresholds over the config's");
            Assert.That(run.ExperimentScope, Is.EqualTo("checkout-api-canary-v012"));
            Assert.That(run.ConfigName, Is.EqualTo("checkout-latency"));
            Assert.That(run.JudgedAt, Is.EqualTo(DateTimeOffset.Parse("2024-05-14T22:15:39.120Z")));
        });
    }

    [Test]
    public void Should_read_NaN_and_Infinity_written_as_strings()
    {
        var status = KayentaStatuses.Succeeded("k-nan", 100);
        var groups = status["result"]!["judgeResult"]!["groupScores"]!.AsArray();
        groups.Add(new System.Text.Json.Nodes.JsonObject { ["name"] = "broken", ["score"] = "NaN" });
        groups.Add(new System.Text.Json.Nodes.JsonObject { ["name"] = "endless", ["score"] = "Infinity" });

        var run = KayentaCanaryReader.Read(KayentaStatuses.Receipt(status)).Run!;

        Assert.That(run.GroupScores.Select(g => g.Name), Is.EqualTo(new[] { "latency" }), "non-finite group scores say nothing comparable");
    }

    [Test]
    public void Should_record_a_terminal_run_as_failed_with_Kayentas_errors_and_no_score()
    {
        var run = KayentaCanaryReader.Read(KayentaStatuses.Receipt(KayentaStatuses.Terminal("k-t"))).Run!;

        Assert.That((run.Status, run.Score, run.Error), Is.EqualTo(("terminal", (double?)null, (string?)"Either a resource type or a custom filter is required.")));
        Assert.That(run.FailingMetrics, Is.Empty);
    }

    [Test]
    public void Should_ignore_a_run_that_is_not_finished()
    {
        var reading = KayentaCanaryReader.Read(KayentaStatuses.Receipt(KayentaStatuses.Running("k-r")));
        Assert.That(reading.Run, Is.Null);
        Assert.That(reading.IgnoredBecause, Does.Contain("running"));
    }

    [Test]
    public void Should_reject_a_status_that_names_no_canary_execution()
    {
        var status = KayentaStatuses.Succeeded("k-x", 90);
        status.Remove("pipelineId");
        var e = Assert.Throws<FluentValidation.ValidationException>(() => KayentaCanaryReader.Read(KayentaStatuses.Receipt(status)));
        Assert.That(e!.Errors.Single().PropertyName, Is.EqualTo("status.pipelineId"));
    }
}

/// <summary>The shared Kayenta fixtures (from Orca's KayentaServiceTest), read by path: the real shapes, not ours.</summary>
[TestFixture]
public sealed class Reading_the_shared_Kayenta_status_fixtures
{
    private static KayentaCanaryReported Fixture(string name)
    {
        var folder = EchoFixtures.Root is { } root ? Path.Combine(root, "kayenta") : null;
        if (folder is null || !Directory.Exists(folder))
        {
            const string reason = "The shared Kayenta fixtures folder is absent (set MESH_FIXTURES).";
            if (EchoFixtures.Required) Assert.Fail(reason);
            Assert.Ignore(reason);
        }
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder!, name)));
        return new KayentaCanaryReported(Guid.NewGuid(), "default", DateTimeOffset.UtcNow, document.RootElement.Clone());
    }

    [Test]
    public void Should_judge_the_succeeded_status_with_its_score_groups_and_non_passing_metrics()
    {
        var run = KayentaCanaryReader.Read(Fixture("canary-execution-status.succeeded.json")).Run!;

        Assert.Multiple(() =>
        {
            Assert.That(run.JudgmentId, Is.EqualTo("666fa25b-b0c6-421b-b84f-f93826932994"));
            Assert.That(run.Score, Is.EqualTo(33));
            Assert.That(run.GroupScores.Select(g => (g.Name, g.Score)), Is.EqualTo(new[] { ("application", 0.0), ("system", 50.0) }));
            Assert.That(run.FailingMetrics.Select(m => m.Name), Is.EqualTo(new[] { "cpu1", "cpu3", "cpu4" }));
            Assert.That((run.PassThreshold, run.MarginalThreshold), Is.EqualTo(((double?)60, (double?)40)));
            Assert.That(CanaryService.FromScope(run.ExperimentScope), Is.EqualTo("myapp"));
        });
    }

    [Test]
    public void Should_record_the_terminal_status_as_a_failed_run()
    {
        var run = KayentaCanaryReader.Read(Fixture("canary-execution-status.terminal-exception.json")).Run!;
        Assert.That((run.Status, run.Score, run.Error), Is.EqualTo(("terminal", (double?)null, (string?)"Either a resource type or a custom filter is required.")));
    }
}
