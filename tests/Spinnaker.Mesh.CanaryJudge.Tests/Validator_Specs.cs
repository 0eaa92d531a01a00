using NUnit.Framework;
using Spinnaker.Mesh.CanaryJudge.Kayenta;
using Spinnaker.Mesh.CanaryJudge.Validation;
using static Spinnaker.Mesh.CanaryJudge.Tests.Configs;

namespace Spinnaker.Mesh.CanaryJudge.Tests;

public sealed class The_remote_judge_request_validator
{
    private static readonly RemoteJudgeRequestValidator Validator = new();

    private static IEnumerable<string> Fields(RemoteJudgeRequest request) => Validator.Validate(request).Errors.Select(e => e.PropertyName);

    private static RemoteJudgeRequest Valid() => new()
    {
        CanaryConfig = Config(null, Metric("cpu", ["app"]), Metric("memory", ["app"]), Metric("errors", ["app"])),
        ScoreThresholds = Thresholds,
        MetricSetPairList = [Passing("cpu", 1), Passing("memory", 2)],
    };

    [Test]
    public void Should_accept_a_complete_request() => Assert.That(Validator.Validate(Valid()).IsValid, Is.True);

    [Test]
    public void Should_name_a_metric_without_a_name_by_its_path()
    {
        var request = Valid();
        var metrics = request.CanaryConfig!.Metrics!.ToList();
        metrics[2] = metrics[2] with { Name = "" };

        Assert.That(Fields(request with { CanaryConfig = request.CanaryConfig with { Metrics = metrics } }), Is.EquivalentTo(new[] { "canaryConfig.metrics[2].name" }));
    }

    [Test]
    public void Should_name_a_missing_pass_threshold()
    {
        var request = Valid() with { ScoreThresholds = new CanaryClassifierThresholdsConfig { Marginal = 75 } };

        Assert.That(Fields(request), Is.EquivalentTo(new[] { "scoreThresholds.pass" }));
    }

    [Test]
    public void Should_name_a_null_point_by_its_index()
    {
        var json = """
            {"canaryConfig":{"metrics":[{"name":"cpu","groups":[]}],"classifier":{"groupWeights":{}}},
             "scoreThresholds":{"pass":95,"marginal":75},
             "metricSetPairList":[{"name":"cpu","id":"1","values":{"control":[1,2,3,4,5,null,"NaN"],"experiment":[1,"Infinity"]}}]}
            """;
        var request = KayentaJson.Deserialize<RemoteJudgeRequest>(json)!;

        Assert.That(Fields(request), Is.EquivalentTo(new[] { "metricSetPairList[0].values.control[5]" }));
    }

    [Test]
    public void Should_report_a_pair_whose_metric_the_config_does_not_have()
    {
        var request = Valid() with { MetricSetPairList = [Passing("cpu", 3), Passing("disk", 4)] };

        var errors = Validator.Validate(request).Errors;

        Assert.That(errors.Select(e => e.PropertyName), Is.EquivalentTo(new[] { "metricSetPairList[1].name" }));
        Assert.That(errors[0].ErrorMessage, Does.Contain("'disk'"));
    }

    [Test]
    public void Should_name_missing_sides_duplicate_metrics_and_a_bad_outlier_factor()
    {
        var request = Valid() with
        {
            CanaryConfig = Config(null,
                Metric("cpu", ["app"], new CanaryAnalysisConfiguration { Outliers = new OutlierConfiguration { Strategy = "remove", OutlierFactor = 0 } }),
                Metric("cpu", ["app"])),
            MetricSetPairList = [new MetricSetPair { Name = "cpu", Values = new Dictionary<string, double?[]> { ["control"] = [1.0] } }],
        };

        Assert.That(Fields(request), Is.EquivalentTo(new[]
        {
            "canaryConfig.metrics[0].analysisConfigurations.canary.outliers.outlierFactor",
            "canaryConfig.metrics[1].name",
            "metricSetPairList[0].values.experiment",
        }));
    }

    [Test]
    public void Should_require_the_three_parts() =>
        Assert.That(Fields(new RemoteJudgeRequest()), Is.EquivalentTo(new[] { "canaryConfig", "scoreThresholds", "metricSetPairList" }));

    [Test]
    public void Should_let_the_judge_run_without_an_exception_on_what_it_accepts()
    {
        var request = Valid();

        Assert.That(Validator.Validate(request).IsValid, Is.True);
        Assert.DoesNotThrow(() => new NetflixAcaJudge().Judge(request.CanaryConfig!, request.ScoreThresholds!, request.MetricSetPairList!));
    }
}
