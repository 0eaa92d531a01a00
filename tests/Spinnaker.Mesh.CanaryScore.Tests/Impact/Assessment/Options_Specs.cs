using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Impact.Assessment;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Assessment;

[TestFixture]
public sealed class The_assessment_settings
{
    private static IEnumerable<string> Failures(ImpactAssessmentOptions options) =>
        new ImpactAssessmentOptionsValidator().Validate(options).Errors.Select(e => e.PropertyName);

    [Test]
    public void Should_accept_the_defaults() => Assert.That(Failures(new ImpactAssessmentOptions()), Is.Empty);

    [Test]
    public void Should_refuse_a_marginal_threshold_above_the_pass_threshold() =>
        Assert.That(Failures(new ImpactAssessmentOptions { PassThreshold = 70, MarginalThreshold = 80 }), Is.EqualTo(new[] { "MarginalThreshold" }));

    [Test]
    public void Should_refuse_settings_out_of_range()
    {
        var failures = Failures(new ImpactAssessmentOptions
        {
            PollInterval = TimeSpan.Zero, QueryDelay = TimeSpan.FromSeconds(-1), PassThreshold = 101, MaxAttempts = 0,
            RetryDelay = TimeSpan.FromDays(2), MaxPerPoll = 0,
        });

        Assert.That(failures, Is.EquivalentTo(new[] { "PollInterval", "QueryDelay", "PassThreshold", "MaxAttempts", "RetryDelay", "MaxPerPoll" }));
    }
}
