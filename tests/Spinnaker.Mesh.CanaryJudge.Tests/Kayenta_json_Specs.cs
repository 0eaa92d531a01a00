using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryJudge.Classification;
using Spinnaker.Mesh.CanaryJudge.Kayenta;
using Spinnaker.Mesh.CanaryJudge.Prometheus;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryJudge.Tests;

public sealed class Kayentas_stored_documents
{
    [Test]
    public void Should_read_the_judges_own_test_config_with_its_legacy_extensions_key()
    {
        var config = KayentaJson.Deserialize<CanaryConfig>(KayentaFixtures.Read("canary-config.judge-test-config.json"))!;

        Assert.That(config.ConfigVersion, Is.EqualTo("1.0"), "a number where Kayenta expects a string");
        Assert.That(config.Metrics!.Select(m => m.Name), Is.EqualTo(new[] { "cpu", "requests", "foo" }));
        Assert.That(config.Metrics![0].Canary, Is.Not.Null, "extensions.canary is read as the analysis options");
        Assert.That(config.Metrics[0].Groups, Is.EqualTo(new[] { "system", "example" }));
        Assert.That(config.Metrics[0].Query!.Other!["q"].GetString(), Is.EqualTo("name,CpuRawUser,:eq,:sum"));
        Assert.That(config.Classifier!.GroupWeights, Is.EquivalentTo(new Dictionary<string, double> { ["requests"] = 50, ["system"] = 50 }));
    }

    [Test]
    public void Should_read_the_prometheus_configs_options()
    {
        var cpu = KayentaJson.Deserialize<CanaryConfig>(KayentaFixtures.Read("canary-config.prometheus-integration-test-cpu.json"))!;
        var muted = KayentaJson.Deserialize<CanaryConfig>(KayentaFixtures.Read("canary-config.prometheus-muted-metric.json"))!;
        var sample = KayentaJson.Deserialize<CanaryConfig>(KayentaFixtures.Read("canary-config.json-formats-prometheus.json"))!;

        var settings = MetricAnalysisSettings.From(cpu.Metrics![0]);
        Assert.That(settings.Critical, Is.True);
        Assert.That(settings.Direction, Is.EqualTo(MetricDirection.Increase));
        Assert.That(cpu.Metrics[0].Query!.CustomFilterTemplate, Is.EqualTo("standard-template"));
        Assert.That(cpu.Templates!["standard-template"], Is.EqualTo("namespace='${namespace}', scope='${scope}'"));
        Assert.That(MetricAnalysisSettings.From(muted.Metrics![0]).Muted, Is.True);
        Assert.That(MetricAnalysisSettings.From(sample.Metrics![0]), Is.EqualTo(new MetricAnalysisSettings()), "an empty analysisConfigurations takes every default");
        Assert.That(sample.Judge!.Name, Is.EqualTo("dredd-v1.0"));
    }

    [Test]
    public void Should_read_a_succeeded_execution_status_with_its_older_stats()
    {
        var status = KayentaJson.Deserialize<CanaryExecutionStatus>(KayentaFixtures.Read("canary-execution-status.succeeded.json"))!;
        var judgeResult = status.Result!.JudgeResult!;

        Assert.That(status.Status, Is.EqualTo("succeeded"));
        Assert.That(status.Complete, Is.True);
        Assert.That(status.PipelineId, Is.EqualTo("666fa25b-b0c6-421b-b84f-f93826932994"));
        Assert.That(status.CanaryExecutionRequest!.Thresholds!.Pass, Is.EqualTo(60));
        Assert.That(status.CanaryExecutionRequest.Scopes!["default"].ControlScope!.Start, Is.EqualTo(DateTimeOffset.Parse("2018-02-15T20:05:00Z")));
        Assert.That(status.Config!.Metrics, Has.Count.EqualTo(4));
        Assert.That(judgeResult.Score!.Score, Is.EqualTo(33));
        Assert.That(judgeResult.GroupScores!.Select(g => (g.Name, g.Score)), Is.EquivalentTo(new[] { ("application", (double?)0), ("system", 50) }));
        var stats = judgeResult.Results![0].ControlStats!;
        Assert.That(stats.Median, Is.EqualTo(0.9999258832637375));
        Assert.That(stats.Std, Is.Null);
        Assert.That(stats.Count, Is.EqualTo(60));
        Assert.That(status.Result.CanaryDuration, Is.EqualTo("PT1H"));
    }

    [Test]
    public void Should_read_a_failed_execution_status_with_its_exception()
    {
        var status = KayentaJson.Deserialize<CanaryExecutionStatus>(KayentaFixtures.Read("canary-execution-status.terminal-exception.json"))!;

        Assert.That(status.Status, Is.EqualTo("terminal"));
        Assert.That(status.Result, Is.Null);
        Assert.That(status.Exception!.Details!.Errors, Is.EqualTo(new[] { "Either a resource type or a custom filter is required." }));
        Assert.That(status.StageStatus!["mixMetrics"], Is.EqualTo("not_started"));
    }

    [Test]
    public void Should_read_the_metric_set_pair_sketch()
    {
        var pairs = KayentaJson.Deserialize<List<MetricSetPair>>(KayentaFixtures.Read("metric-set-pair-list.json-formats-sketch.json"))!;

        Assert.That(pairs.Single().Name, Is.EqualTo("cpu"));
        Assert.That(pairs[0].Tags!["tagName"], Is.EqualTo("tagValue"));
        Assert.That(pairs[0].Control, Is.EqualTo(new[] { 1.0, 2, 3, 4, 5 }));
        Assert.That(pairs[0].Experiment, Is.EqualTo(new[] { 1.0, 2, 3, 4, 5 }));
    }

    [Test]
    public void Should_read_the_prometheus_answers()
    {
        var withTags = PrometheusMatrix.Parse(KayentaFixtures.Read("prometheus-query_range.with-tags.json"));
        var empty = PrometheusMatrix.Parse(KayentaFixtures.Read("prometheus-query_range.empty.json"));

        Assert.That(withTags.Single().Labels["uri"], Is.EqualTo("/uri-1"));
        Assert.That(withTags[0].StepMillis, Is.EqualTo(1000));
        Assert.That(withTags[0].Timestamps[1] - withTags[0].Timestamps[0], Is.EqualTo(1000));
        Assert.That(empty, Is.Empty);
    }
}

public sealed class Kayentas_JSON_conventions
{
    [Test]
    public void Should_round_trip_non_finite_points_as_strings()
    {
        var pair = MetricSetPair.Of("m", [1.5, double.NaN], [double.PositiveInfinity, double.NegativeInfinity], id: "x");

        var json = KayentaJson.Serialize(pair);
        var back = KayentaJson.Deserialize<MetricSetPair>(json)!;

        Assert.That(json, Does.Contain("""[1.5,"NaN"]""").And.Contain("""["Infinity","-Infinity"]"""));
        Assert.That(back.Control[1], Is.NaN);
        Assert.That(back.Experiment, Is.EqualTo(new[] { double.PositiveInfinity, double.NegativeInfinity }));
    }

    [Test]
    public void Should_refuse_a_boolean_option_written_as_a_string_naming_where()
    {
        const string json = """{"metrics":[{"name":"cpu","analysisConfigurations":{"canary":{"critical":"true"}}}]}""";

        var error = Assert.Throws<JsonException>(() => KayentaJson.Deserialize<CanaryConfig>(json));

        Assert.That(KayentaJson.FieldOf(error!), Is.EqualTo("metrics[0].analysisConfigurations.canary.critical"));
    }

    [Test]
    public void Should_write_Jacksons_names_and_omit_nulls()
    {
        var result = new CanaryJudgeResult
        {
            JudgeName = NetflixAcaJudge.Name,
            Results = [new CanaryAnalysisResult { Name = "cpu", Id = "1", Classification = "Pass", Groups = ["g"] }],
            GroupScores = [new CanaryJudgeGroupScore { Name = "g", Score = 100, Classification = "", ClassificationReason = "" }],
            Score = new CanaryJudgeScore { Score = 100, Classification = "Pass", ClassificationReason = "" },
        };

        var root = JsonDocument.Parse(KayentaJson.Serialize(result)).RootElement;

        Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "judgeName", "results", "groupScores", "score" }));
        Assert.That(root.GetProperty("results")[0].EnumerateObject().Select(p => p.Name),
            Is.EqualTo(new[] { "name", "id", "classification", "groups", "critical", "muted" }), "no classificationReason, tags or metadata when null");
    }
}
