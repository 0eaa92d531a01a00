using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Rollbacks;

namespace Spinnaker.Mesh.Rollback.Tests.Rollbacks;

public sealed class When_rollback_recognition_is_configured
{
    private static IEnumerable<string> Failures(RecognitionOptions options) =>
        new RecognitionOptionsValidator().Validate(options).Errors.Select(e => e.PropertyName);

    [Test]
    public void Should_accept_the_defaults() => Assert.That(Failures(new RecognitionOptions()), Is.Empty);

    [Test]
    public void Should_refuse_a_pattern_that_does_not_compile() =>
        Assert.That(Failures(new RecognitionOptions { PipelineNamePattern = "rollback(" }), Is.EqualTo(new[] { "PipelineNamePattern" }));

    [TestCase("00:00:00")]
    [TestCase("-01:00:00")]
    [TestCase("8.00:00:00")]
    public void Should_refuse_an_anomaly_window_that_is_not_from_a_moment_to_a_week(string window) =>
        Assert.That(Failures(new RecognitionOptions { AnomalyWindow = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture) }),
            Is.EqualTo(new[] { "AnomalyWindow" }));

    [Test]
    public void Should_refuse_batches_of_nothing() =>
        Assert.That(Failures(new RecognitionOptions { BatchMessageLimit = 0 }), Is.EqualTo(new[] { "BatchMessageLimit" }));
}
