using System.Text;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Impact;
using Spinnaker.Mesh.CanaryScore.Tests.Impact.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Sources;

/// <summary>What a metric source sends: Prometheus' query_range parameters under the configured base path, and its credentials, never logged.</summary>
[TestFixture]
public sealed class A_metric_source_request
{
    private static readonly DateTimeOffset Start = new(2024, 5, 14, 22, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start + TimeSpan.FromMinutes(30);
    private PrometheusStub _stub = null!;

    [SetUp]
    public void Start_stub() => _stub = PrometheusStub.Start()
        .Answers("*/api/v1/query_range", 200, PrometheusStub.EmptyMatrix)
        .Answers("*/api/v1/query", 200, PrometheusStub.EmptyVector);

    [TearDown]
    public void Stop_stub() => _stub?.Dispose();

    [Test]
    public async Task Should_send_query_start_end_and_step_under_the_base_path()
    {
        await using var host = MetricSourcesHost.ForSource("mesh", _stub.BaseUrl + "/api/prometheus/");

        var series = await host.MetricSources.QueryRangeAsync(null, "rate(http_requests_total{app=\"checkout\"}[1m])",
            Start + TimeSpan.FromMilliseconds(250), End, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.That(series, Is.Empty);
        var request = _stub.Requests.Single();
        Assert.That(request.Path, Is.EqualTo("/api/prometheus/api/v1/query_range"));
        Assert.That(PrometheusStub.Query(request, "query"), Is.EqualTo("rate(http_requests_total{app=\"checkout\"}[1m])"));
        Assert.That(PrometheusStub.Query(request, "start"), Is.EqualTo($"{Start.ToUnixTimeSeconds()}.25"));
        Assert.That(PrometheusStub.Query(request, "end"), Is.EqualTo($"{End.ToUnixTimeSeconds()}"));
        Assert.That(PrometheusStub.Query(request, "step"), Is.EqualTo("30"));
    }

    [Test]
    public async Task Should_send_the_bearer_token()
    {
        await using var host = MetricSourcesHost.ForSource("prometheus", _stub.BaseUrl, ("BearerToken", "t0ken-of-the-prometheus-proxy"));

        await host.MetricSources.QueryRangeAsync(null, "up", Start, End, TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.That(PrometheusStub.Header(_stub.Requests.Single(), "Authorization"), Is.EqualTo("Bearer t0ken-of-the-prometheus-proxy"));
    }

    [Test]
    public async Task Should_send_basic_credentials()
    {
        await using var host = MetricSourcesHost.ForSource("prometheus", _stub.BaseUrl, ("Username", "mesh"), ("Password", "s3cret:with-colon"));

        await host.Sources.ValidateQueryAsync(null, "up", CancellationToken.None);

        var expected = Convert.ToBase64String(Encoding.UTF8.GetBytes("mesh:s3cret:with-colon"));
        Assert.That(PrometheusStub.Header(_stub.Requests.Single(), "Authorization"), Is.EqualTo($"Basic {expected}"));
        Assert.That(_stub.Requests.Single().Path, Is.EqualTo("/api/v1/query"));
    }

    [Test]
    public async Task Should_send_no_credentials_when_none_are_configured()
    {
        await using var host = MetricSourcesHost.ForSource("prometheus", _stub.BaseUrl);

        await host.MetricSources.QueryRangeAsync(null, "up", Start, End, TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.That(PrometheusStub.Header(_stub.Requests.Single(), "Authorization"), Is.Empty);
    }

    [Test]
    public async Task Should_never_log_a_token_or_a_password_even_at_trace_level()
    {
        await using var bearer = MetricSourcesHost.ForSource("bearer", _stub.BaseUrl, ("BearerToken", "t0ken-never-logged"), ("Retries", "0"));
        // Nothing listens there: the failed attempt is logged too.
        await using var basic = MetricSourcesHost.ForSource("basic", $"http://127.0.0.1:{FreePort.Next()}", ("Username", "mesh"), ("Password", "passw0rd-never-logged"), ("Retries", "0"));

        await bearer.MetricSources.QueryRangeAsync(null, "up", Start, End, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.ThrowsAsync<MetricSourceException>(() => basic.MetricSources.QueryRangeAsync(null, "up", Start, End, TimeSpan.FromMinutes(1), CancellationToken.None));

        var logs = bearer.Logs.Text + "\n" + basic.Logs.Text;
        Assert.That(logs, Does.Contain("Authorization").And.Contain("attempt 1 of 1"), "header logging at Trace and the failed attempt are logged, so the spec can fail");
        Assert.That(logs, Does.Not.Contain("t0ken-never-logged").And.Not.Contain("passw0rd-never-logged")
            .And.Not.Contain(Convert.ToBase64String(Encoding.UTF8.GetBytes("mesh:passw0rd-never-logged"))));
    }
}

/// <summary>A metric source that answers with errors: what is tried again, how often, and what is not.</summary>
[TestFixture]
public sealed class A_metric_source_answering_errors
{
    private static readonly DateTimeOffset Start = new(2024, 5, 14, 22, 0, 0, TimeSpan.Zero);
    private PrometheusStub _stub = null!;

    [SetUp]
    public void Start_stub() => _stub = PrometheusStub.Start();

    [TearDown]
    public void Stop_stub() => _stub?.Dispose();

    private Task<IReadOnlyList<CanaryJudge.Prometheus.PrometheusSeries>> QueryAsync(MetricSourcesHost host) =>
        host.MetricSources.QueryRangeAsync(null, "up", Start, Start + TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), CancellationToken.None);

    [Test]
    public async Task Should_try_a_5xx_as_often_as_configured_then_report_it_unavailable()
    {
        _stub.Answers("/api/v1/query_range", 503, """{"status":"error","errorType":"unavailable","error":"the query queue is full"}""");
        await using var host = MetricSourcesHost.ForSource("prometheus", _stub.BaseUrl, ("Retries", "3"), ("RetryDelay", "00:00:00.05"));

        var failure = Assert.ThrowsAsync<MetricSourceException>(() => QueryAsync(host));

        Assert.That(_stub.Requests, Has.Count.EqualTo(4), "the first attempt and three retries");
        Assert.That(failure!.Failure, Is.EqualTo(MetricSourceFailure.Unavailable));
        Assert.That(failure.Message, Does.Contain("503").And.Contain("the query queue is full").And.Contain("4 attempts"));
    }

    [Test]
    public async Task Should_try_once_with_no_retries()
    {
        _stub.Answers("/api/v1/query_range", 500, "internal error");
        await using var host = MetricSourcesHost.ForSource("prometheus", _stub.BaseUrl, ("Retries", "0"));

        Assert.ThrowsAsync<MetricSourceException>(() => QueryAsync(host));

        Assert.That(_stub.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Should_give_up_on_an_attempt_after_the_timeout_and_try_again()
    {
        _stub.Answers("/api/v1/query_range", 200, PrometheusStub.EmptyMatrix, delayMs: 3_000);
        await using var host = MetricSourcesHost.ForSource("prometheus", _stub.BaseUrl, ("Timeout", "00:00:00.2"), ("Retries", "1"), ("RetryDelay", "00:00:00"));

        var failure = Assert.ThrowsAsync<MetricSourceException>(() => QueryAsync(host));

        Assert.That(failure!.Failure, Is.EqualTo(MetricSourceFailure.Unavailable));
        Assert.That(failure.Message, Does.Contain("did not answer within 00:00:00.2000000").And.Contain("2 attempts"));
        Assert.That(host.Logs.Lines.Count(l => l.Contains("did not answer within", StringComparison.Ordinal)), Is.EqualTo(2), host.Logs.Text);
    }

    [Test]
    public async Task Should_not_try_again_when_the_source_refuses_the_credentials()
    {
        _stub.Answers("/api/v1/query_range", 401, "Unauthorized");
        await using var host = MetricSourcesHost.ForSource("prometheus", _stub.BaseUrl, ("BearerToken", "expired"), ("RetryDelay", "00:00:00"));

        var failure = Assert.ThrowsAsync<MetricSourceException>(() => QueryAsync(host));

        Assert.That(_stub.Requests, Has.Count.EqualTo(1));
        Assert.That(failure!.Failure, Is.EqualTo(MetricSourceFailure.Unavailable), "the source is configured wrongly; the query is not at fault");
        Assert.That(failure.Message, Does.Contain("401"));
    }

    [Test]
    public async Task Should_not_try_again_when_Prometheus_refuses_the_query()
    {
        _stub.Answers("/api/v1/query_range", 400, """{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:3: parse error: unexpected end of input"}""");
        await using var host = MetricSourcesHost.ForSource("prometheus", _stub.BaseUrl, ("RetryDelay", "00:00:00"));

        var failure = Assert.ThrowsAsync<MetricSourceException>(() => QueryAsync(host));

        Assert.That(_stub.Requests, Has.Count.EqualTo(1));
        Assert.That(failure!.Failure, Is.EqualTo(MetricSourceFailure.Refused));
        Assert.That(failure.Message, Is.EqualTo("invalid parameter \"query\": 1:3: parse error: unexpected end of input"));
    }

    [Test]
    public async Task Should_report_an_answer_that_is_not_Prometheus_as_unavailable()
    {
        _stub.Answers("/api/v1/query_range", 200, "<html>login</html>");
        await using var host = MetricSourcesHost.ForSource("prometheus", _stub.BaseUrl);

        var failure = Assert.ThrowsAsync<MetricSourceException>(() => QueryAsync(host));

        Assert.That(failure!.Failure, Is.EqualTo(MetricSourceFailure.Unavailable));
        Assert.That(failure.Message, Does.Contain("something other than a Prometheus matrix"));
    }

    [Test]
    public async Task Should_not_pass_a_query_unchecked_when_the_answer_is_not_Prometheus()
    {
        _stub.Answers("/api/v1/query", 200, "<html>login</html>");
        await using var host = MetricSourcesHost.ForSource("prometheus", _stub.BaseUrl);

        var failure = Assert.ThrowsAsync<MetricSourceException>(() => host.Sources.ValidateQueryAsync(null, "up", CancellationToken.None));

        Assert.That(failure!.Failure, Is.EqualTo(MetricSourceFailure.Unavailable));
        Assert.That(failure.Message, Does.Contain("<html>login</html>"));
    }
}
