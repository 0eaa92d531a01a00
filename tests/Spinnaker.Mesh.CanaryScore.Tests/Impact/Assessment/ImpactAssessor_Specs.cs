using Microsoft.Extensions.Options;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryJudge;
using Spinnaker.Mesh.CanaryScore.Impact;
using Spinnaker.Mesh.CanaryScore.Impact.Assessment;
using Spinnaker.Mesh.Contracts.Impact.V1;
using static Spinnaker.Mesh.CanaryScore.Tests.Impact.Assessment.ImpactExamples;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Assessment;

[TestFixture]
public sealed class An_assessment_attempt
{
    private static readonly DateTimeOffset DeployEnd = T0 + TimeSpan.FromMinutes(3);
    private static readonly DateTimeOffset Now = T0 + TimeSpan.FromHours(1);

    private ScriptedMetricSources _sources = null!;
    private ImpactAssessmentOptions _options = null!;

    [SetUp]
    public void Setup()
    {
        _sources = new ScriptedMetricSources();
        _options = new ImpactAssessmentOptions { MaxAttempts = 3, RetryDelay = TimeSpan.FromMinutes(2) };
    }

    private static ImpactState State(ImpactPolicy policy, int attempts = 0)
    {
        var deployment = Deployment("e1", T0, DeployEnd);
        var windows = ImpactWindows.For(deployment, policy);
        return new ImpactState("acme", deployment, policy, windows, windows.After.End, attempts, null, null);
    }

    private async Task<ImpactOutcome> AssessAsync(ImpactState state, OtherDeploy? confounder = null) =>
        await new ImpactAssessor(_sources, new NetflixAcaJudge(), Options.Create(_options), new FixedClock(Now)).AssessAsync(state, confounder, CancellationToken.None);

    private async Task<DeploymentImpactAssessed> AssessedAsync(ImpactState state, OtherDeploy? confounder = null)
    {
        var outcome = await AssessAsync(state, confounder);
        Assert.That(outcome, Is.TypeOf<ImpactAssessedOutcome>());
        return ((ImpactAssessedOutcome)outcome).Assessed;
    }

    [Test]
    public async Task Should_pass_a_clean_deploy_and_query_both_windows_with_the_placeholders_filled()
    {
        _sources.Answer("http_request_duration", Around(0.120, 0.004), Around(0.121, 0.004, phase: 3));
        var state = State(Policy(Latency()));

        var assessed = await AssessedAsync(state);

        Assert.Multiple(() =>
        {
            Assert.That((assessed.Verdict, assessed.Score), Is.EqualTo(("Pass", 100.0)));
            Assert.That(assessed.Slis.Single().Classification, Is.EqualTo("Pass"));
            Assert.That(assessed.Slis.Single().BeforeMedian, Is.EqualTo(0.120).Within(0.004));
            Assert.That(assessed.Slis.Single().AfterMedian, Is.EqualTo(0.121).Within(0.004));
            Assert.That(assessed.EventId, Is.EqualTo(DeploymentImpactStreams.AssessedId("acme", "e1", "e1-deploy")));
            Assert.That((assessed.Environment, assessed.AssessedAt, assessed.SupersededBy), Is.EqualTo(("production", Now, (string?)null)));
            Assert.That(_sources.Calls.Select(c => (c.Source, c.Start, c.End, c.Step)), Is.EqualTo(new[]
            {
                ((string?)"prom", state.Windows.Before.Start, state.Windows.Before.End, TimeSpan.FromSeconds(30)),
                ("prom", state.Windows.After.Start, state.Windows.After.End, TimeSpan.FromSeconds(30)),
            }));
            Assert.That(_sources.Calls[0].Query, Does.Contain("app=\"checkout\",namespace=\"checkout-prod\"").And.Not.Contain("${"));
        });
    }

    [Test]
    public async Task Should_fail_a_latency_jump_and_say_which_sli_got_worse()
    {
        _sources.Answer("http_request_duration", Around(0.120, 0.004), Around(0.300, 0.010));

        var assessed = await AssessedAsync(State(Policy(Latency())));
        var sli = assessed.Slis.Single();

        Assert.Multiple(() =>
        {
            Assert.That((assessed.Verdict, assessed.Score), Is.EqualTo(("Fail", 0.0)));
            Assert.That(sli.Classification, Is.EqualTo("High"));
            Assert.That(sli.Ratio, Is.EqualTo(2.5).Within(0.15));
            Assert.That(sli.Reason, Does.StartWith("median 0.").And.Contain("after against").And.Contain("after is higher by"));
            Assert.That(assessed.Reason, Does.Contain("got worse: 'p99 latency' (High"));
        });
        var degraded = ImpactAssessor.Degraded(assessed);
        Assert.That(degraded.DegradedSlis.Select(s => s.Name), Is.EqualTo(new[] { "p99 latency" }));
        Assert.That(degraded.EventId, Is.EqualTo(DeploymentImpactStreams.DegradedId("acme", "e1", "e1-deploy")).And.Not.EqualTo(assessed.EventId));
    }

    [Test]
    public async Task Should_fail_a_drop_of_an_sli_whose_decrease_is_bad()
    {
        _sources.Answer("http_requests_total", Around(100, 2), Around(55, 2));

        var assessed = await AssessedAsync(State(Policy(Throughput())));

        Assert.That((assessed.Verdict, assessed.Slis.Single().Classification), Is.EqualTo(("Fail", "Low")));
        Assert.That(_sources.Calls[0].Query, Does.Contain("cluster=\"checkout-api\""));
    }

    [Test]
    public async Task Should_not_fail_a_change_in_the_good_direction_or_within_the_allowed_change()
    {
        _sources.Answer("http_requests_total", Around(100, 2), Around(160, 2))
            .Answer("http_request_duration", Around(0.100, 0.001), Around(0.105, 0.001));

        var assessed = await AssessedAsync(State(Policy(Throughput(), Latency(allowed: 10))));

        Assert.That(assessed.Slis.Select(s => s.Classification), Is.EqualTo(new[] { "Pass", "Pass" }));
        Assert.That(assessed.Verdict, Is.EqualTo("Pass"));
    }

    [Test]
    public async Task Should_fail_when_a_critical_sli_got_worse_though_others_passed()
    {
        _sources.Answer("http_requests_total", Around(100, 2), Around(101, 2, phase: 2))
            .Answer("http_request_duration", Around(0.100, 0.002), Around(0.200, 0.002));
        var clean = new SliDefinition("errors", "sum(rate(errors_total[1m])) + sum(rate(http_requests_total{code=\"500\"}[1m]))", BadDirections.Increase, false, 10);

        var assessed = await AssessedAsync(State(Policy(Throughput(), Latency(critical: true), clean)));

        Assert.That(assessed.Verdict, Is.EqualTo("Fail"));
        Assert.That(assessed.Reason, Does.StartWith("critical SLI 'p99 latency' got worse"));
    }

    [Test]
    public async Task Should_judge_the_rest_when_one_sli_has_no_data()
    {
        _sources.Answer("http_request_duration", Around(0.120, 0.004), Around(0.121, 0.004, phase: 3))
            .Answer("http_requests_total", Around(100, 2), null);

        var assessed = await AssessedAsync(State(Policy(Latency(), Throughput())));

        Assert.That(assessed.Slis.Select(s => (s.Classification, s.Reason)).Last(), Is.EqualTo(("Nodata", "no data after the deploy")));
        Assert.That(assessed.Verdict, Is.EqualTo("Pass"));
    }

    [Test]
    public async Task Should_not_judge_an_sli_whose_placeholder_the_deployment_does_not_name()
    {
        _sources.Answer("http_requests_total", Around(100, 2), Around(101, 2, phase: 2));
        var state = State(Policy(Latency(), Throughput()));
        state = state with { Deployment = state.Deployment with { Namespace = null } };

        var assessed = await AssessedAsync(state);

        Assert.Multiple(() =>
        {
            Assert.That(assessed.Slis[0].Classification, Is.EqualTo("Error"));
            Assert.That(assessed.Slis[0].Reason, Is.EqualTo("the query uses ${namespace}, which the deployment does not name"));
            Assert.That(assessed.Verdict, Is.EqualTo("Pass"), "judged on the SLI that could be asked");
            Assert.That(_sources.Calls.Select(c => c.Query), Has.All.Contains("http_requests_total"));
        });
    }

    [Test]
    public async Task Should_be_inconclusive_without_data_for_any_sli()
    {
        var assessed = await AssessedAsync(State(Policy(Latency(), Throughput())));

        Assert.That((assessed.Verdict, assessed.Score), Is.EqualTo(("Inconclusive", (double?)null)));
        Assert.That(assessed.Reason, Does.StartWith("no data for any SLI: 'p99 latency': no data before or after the deploy"));
        Assert.That(assessed.Slis.Select(s => s.Classification), Is.EqualTo(new[] { "Nodata", "Nodata" }));
    }

    [Test]
    public async Task Should_be_inconclusive_naming_the_sli_and_the_source_s_error_when_a_query_is_refused()
    {
        _sources.Failure = new MetricSourceException("prom", MetricSourceFailure.Refused,
            "invalid parameter \"query\": 1:13: parse error: unexpected \"}\"", "bad_data");

        var assessed = await AssessedAsync(State(Policy(Latency(), Throughput())));

        Assert.Multiple(() =>
        {
            Assert.That(assessed.Verdict, Is.EqualTo("Inconclusive"));
            Assert.That(assessed.Reason, Is.EqualTo("the metric source 'prom' refused the query of SLI 'p99 latency': bad_data: invalid parameter \"query\": 1:13: parse error: unexpected \"}\""));
            Assert.That(assessed.Slis.Single().Classification, Is.EqualTo("Error"));
            Assert.That(_sources.Calls, Has.Count.EqualTo(1), "a refused query is not asked again");
        });
    }

    [Test]
    public async Task Should_retry_later_while_the_source_is_unavailable_then_be_inconclusive()
    {
        _sources.Failure = new MetricSourceException("prom", MetricSourceFailure.Unavailable, "Connection refused (127.0.0.1:9090)");

        var first = await AssessAsync(State(Policy(Latency())));
        var second = await AssessAsync(State(Policy(Latency()), attempts: 1));
        var last = await AssessAsync(State(Policy(Latency()), attempts: 2));

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new ImpactRetryOutcome(1,
                "the metric source 'prom' was unavailable for SLI 'p99 latency': Connection refused (127.0.0.1:9090)", Now + TimeSpan.FromMinutes(2))));
            Assert.That(second, Is.TypeOf<ImpactRetryOutcome>().And.Property("Attempt").EqualTo(2));
            Assert.That(last, Is.TypeOf<ImpactAssessedOutcome>());
            var assessed = ((ImpactAssessedOutcome)last).Assessed;
            Assert.That(assessed.Verdict, Is.EqualTo("Inconclusive"));
            Assert.That(assessed.Reason, Does.StartWith("the metric source 'prom' stayed unavailable for 3 attempts").And.Contain("Connection refused"));
        });
    }

    [Test]
    public async Task Should_be_inconclusive_when_the_policy_s_source_is_not_configured()
    {
        var assessed = await AssessedAsync(State(Policy(Latency()) with { Source = "thanos" }));

        Assert.That(assessed.Reason, Is.EqualTo("the metric source 'thanos' of the policy of checkout is not configured"));
        Assert.That(_sources.Calls, Is.Empty);
    }

    [Test]
    public async Task Should_query_the_default_source_when_the_policy_names_none()
    {
        _sources.Answer("http_request_duration", Around(0.120, 0.004), Around(0.121, 0.004, phase: 3));

        await AssessedAsync(State(Policy(Latency()) with { Source = null }));

        Assert.That(_sources.Calls.Select(c => c.Source).Distinct(), Is.EqualTo(new[] { "prom" }));
    }

    [Test]
    public async Task Should_be_inconclusive_and_superseded_when_a_later_deploy_confounds_it()
    {
        _sources.Answer("http_request_duration", Around(0.120, 0.004), Around(0.300, 0.004));

        var assessed = await AssessedAsync(State(Policy(Latency())), new OtherDeploy("e2", T0 + TimeSpan.FromMinutes(12)));

        Assert.Multiple(() =>
        {
            Assert.That((assessed.Verdict, assessed.SupersededBy, assessed.Score), Is.EqualTo(("Inconclusive", "e2", (double?)null)));
            Assert.That(assessed.Reason, Does.StartWith("confounded by e2"));
            Assert.That(_sources.Calls, Is.Empty, "a confounded window is not judged");
        });
    }

    [Test]
    public async Task Should_pool_the_series_of_a_window()
    {
        // Pods change across a deploy: the before window's pods are not the after window's.
        var sources = new PooledSources();

        var outcome = await new ImpactAssessor(sources, new NetflixAcaJudge(), Options.Create(_options), new FixedClock(Now))
            .AssessAsync(State(Policy(Latency())), null, CancellationToken.None);

        var sli = ((ImpactAssessedOutcome)outcome).Assessed.Slis.Single();
        Assert.That((sli.Classification, sli.BeforeMedian, sli.AfterMedian), Is.EqualTo(("High", 2.5, 6.5)));
    }

    private sealed class PooledSources : IMetricSources
    {
        public bool Contains(string source) => true;
        public string DefaultSource => "prom";

        public Task<IReadOnlyList<CanaryJudge.Prometheus.PrometheusSeries>> QueryRangeAsync(
            string? source, string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<CanaryJudge.Prometheus.PrometheusSeries>>(start < T0
                ? [ImpactExamples.Series([1, 2, 1, 2, 1, 2], start, pod: "a"), ImpactExamples.Series([3, 4, 3, 4, 3, 4], start, pod: "b")]
                : [ImpactExamples.Series([5, 6, 5, 6, 5, 6], start, pod: "c"), ImpactExamples.Series([7, 8, 7, 8, 7, 8], start, pod: "d")]);
    }
}
