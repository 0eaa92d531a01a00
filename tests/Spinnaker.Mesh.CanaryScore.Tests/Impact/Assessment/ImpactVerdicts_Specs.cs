using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Impact.Assessment;
using Spinnaker.Mesh.Contracts.Impact.V1;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Assessment;

[TestFixture]
public sealed class The_verdict_of_judged_slis
{
    private static SliImpact Sli(string name, string classification, bool critical = false) =>
        new(name, classification, 1, 1, 1, critical, classification == "Nodata" ? "no data after the deploy" : $"median 1 after against 1 before; {name}");

    private static ImpactVerdict Of(params SliImpact[] slis) => ImpactVerdicts.Of(slis, passThreshold: 95, marginalThreshold: 75);

    [Test]
    public void Should_pass_when_every_sli_passed()
    {
        var verdict = Of(Sli("latency", "Pass"), Sli("errors", "Pass"));

        Assert.That((verdict.Verdict, verdict.Score), Is.EqualTo(("Pass", 100.0)));
        Assert.That(verdict.Reason, Does.Contain("score 100 (2 of 2 SLIs passed)"));
    }

    [Test]
    public void Should_fail_below_the_marginal_threshold_and_name_what_got_worse()
    {
        var verdict = Of(Sli("latency", "High"), Sli("errors", "Pass"));

        Assert.That((verdict.Verdict, verdict.Score), Is.EqualTo(("Fail", 50.0)));
        Assert.That(verdict.Reason, Does.Contain("below the marginal threshold 75").And.Contain("got worse: 'latency' (High"));
    }

    [Test]
    public void Should_be_marginal_between_the_thresholds()
    {
        var verdict = Of(Sli("a", "Pass"), Sli("b", "Pass"), Sli("c", "Pass"), Sli("d", "Low"));

        Assert.That((verdict.Verdict, verdict.Score), Is.EqualTo(("Marginal", 75.0)));
        Assert.That(verdict.Reason, Does.Contain("below the pass threshold 95"));
    }

    [Test]
    public void Should_fail_when_a_critical_sli_got_worse_whatever_the_score()
    {
        var verdict = Of(Sli("a", "Pass"), Sli("b", "Pass"), Sli("c", "Pass"), Sli("d", "High", critical: true));

        Assert.That((verdict.Verdict, verdict.Score), Is.EqualTo(("Fail", 0.0)), "the judge scores a critical failure 0");
        Assert.That(verdict.Reason, Does.StartWith("critical SLI 'd' got worse (High)"));
    }

    [Test]
    public void Should_leave_slis_without_data_out_of_the_score()
    {
        // Kayenta would fail a canary with half its metrics Nodata; a missing series says nothing about the deploy.
        var verdict = Of(Sli("latency", "Pass"), Sli("errors", "Nodata", critical: true));

        Assert.That((verdict.Verdict, verdict.Score), Is.EqualTo(("Pass", 100.0)));
        Assert.That(verdict.Reason, Does.Contain("not judged: 'errors': no data after the deploy"));
    }

    [Test]
    public void Should_be_inconclusive_when_no_sli_had_data()
    {
        var verdict = Of(Sli("latency", "Nodata"), Sli("errors", "Nodata"));

        Assert.That((verdict.Verdict, verdict.Score), Is.EqualTo(("Inconclusive", (double?)null)));
        Assert.That(verdict.Reason, Does.StartWith("no data for any SLI: 'latency': no data after the deploy"));
    }

    [Test]
    public void Should_be_inconclusive_when_no_sli_could_be_judged()
    {
        var verdict = Of(Sli("latency", "Error"), Sli("errors", "Nodata"));

        Assert.That(verdict.Verdict, Is.EqualTo("Inconclusive"));
        Assert.That(verdict.Reason, Does.StartWith("no SLI could be judged"));
    }

    [TestCase("pass", "Pass")]
    [TestCase("FAIL", "Fail")]
    [TestCase("Pending", "pending")]
    [TestCase("inconclusive", "Inconclusive")]
    [TestCase("degraded", null)]
    public void Should_read_a_verdict_filter_in_any_case(string given, string? canonical) =>
        Assert.That(ImpactVerdicts.Canonical(given), Is.EqualTo(canonical));
}
