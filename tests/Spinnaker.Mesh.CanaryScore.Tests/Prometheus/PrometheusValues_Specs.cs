using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Prometheus;

namespace Spinnaker.Mesh.CanaryScore.Tests.Prometheus;

[TestFixture]
public sealed class A_sample_value
{
    [TestCase(0.0, "0")]
    [TestCase(91.5, "91.5")]
    [TestCase(0.1, "0.1")]
    [TestCase(100.0, "100")]
    [TestCase(-2.25, "-2.25")]
    [TestCase(1e21, "1000000000000000000000")]
    [TestCase(1.5e-7, "0.00000015")]
    [TestCase(123456789.123, "123456789.123")]
    [TestCase(1.0 / 3, "0.3333333333333333")]
    [TestCase(double.PositiveInfinity, "+Inf")]
    [TestCase(double.NegativeInfinity, "-Inf")]
    [TestCase(double.NaN, "NaN")]
    public void Is_written_as_Go_formats_it_for_Prometheus(double value, string text) =>
        Assert.That(PrometheusValues.FormatValue(value), Is.EqualTo(text));
}

[TestFixture]
public sealed class A_timestamp
{
    [TestCase(1599657179540, "1599657179.540")]
    [TestCase(1599657179000, "1599657179")]
    [TestCase(1001, "1.001")]
    [TestCase(-1500, "-1.500")]
    public void Is_written_as_unix_seconds_with_milliseconds(long ms, string text) =>
        Assert.That(PrometheusValues.FormatTimestamp(ms), Is.EqualTo(text));

    [TestCase("2020-09-09T13:12:56.540500Z", 1599657176540)]
    [TestCase("2020-09-09T13:12:56Z", 1599657176000)]
    [TestCase("2020-09-09T15:12:56.5+02:00", 1599657176500)]
    [TestCase("1599657176.54", 1599657176540)]
    [TestCase("1599657176", 1599657176000)]
    public void Is_read_as_RFC_3339_or_unix_seconds(string text, long ms) =>
        Assert.That(PrometheusParameters.ParseTime("start", text), Is.EqualTo(ms));

    [TestCase("yesterday")]
    [TestCase("2020-09-09 13:12:56")]
    public void That_is_neither_is_refused_naming_the_parameter(string text)
    {
        var error = Assert.Throws<PrometheusApiException>(() => PrometheusParameters.ParseTime("start", text))!;
        Assert.That(error.ErrorType, Is.EqualTo("bad_data"));
        Assert.That(error.Message, Is.EqualTo($"invalid parameter \"start\": cannot parse \"{text}\" to a valid timestamp"));
    }
}

[TestFixture]
public sealed class A_step
{
    [TestCase("60", 60_000)]
    [TestCase("1.5", 1_500)]
    [TestCase("30s", 30_000)]
    [TestCase("1m", 60_000)]
    [TestCase("1h30m", 5_400_000)]
    [TestCase("1d", 86_400_000)]
    [TestCase("1w", 604_800_000)]
    [TestCase("100ms", 100)]
    public void Is_read_as_seconds_or_a_Prometheus_duration(string text, long ms) =>
        Assert.That(PrometheusParameters.ParseDuration("step", text), Is.EqualTo(ms));

    [TestCase("1x")]
    [TestCase("m1")]
    [TestCase("1.5m")]
    public void That_is_neither_is_refused_naming_the_parameter(string text)
    {
        var error = Assert.Throws<PrometheusApiException>(() => PrometheusParameters.ParseDuration("step", text))!;
        Assert.That(error.Message, Is.EqualTo($"invalid parameter \"step\": cannot parse \"{text}\" to a valid duration"));
    }
}
