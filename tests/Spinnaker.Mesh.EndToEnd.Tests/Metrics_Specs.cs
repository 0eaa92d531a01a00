using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.EndToEnd.Tests;

/// <summary>
/// What Prometheus scrapes: the gateway and ingest as their own processes, after one webhook went through them.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_prometheus_scrapes_the_gateway_and_a_service
{
    private const string Token = "metrics-token";

    private TestPostgres _postgres = null!;
    private TestRabbitMq _rabbitMq = null!;
    private MeshProcess _ingest = null!;
    private MeshProcess _gateway = null!;

    [OneTimeSetUp]
    public async Task PassOneWebhookThrough()
    {
        _postgres = await TestPostgres.CreateAsync();
        _rabbitMq = await TestRabbitMq.CreateAsync();
        var infrastructure = new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = _postgres.ConnectionString,
            ["ConnectionStrings__rabbitmq"] = _rabbitMq.ConnectionString,
        };
        _ingest = await MeshProcess.StartAsync("services/Spinnaker.Mesh.Ingest", infrastructure);
        _gateway = await MeshProcess.StartAsync("gateway/Spinnaker.Mesh.Gateway", new Dictionary<string, string>(infrastructure)
        {
            ["Mesh__Webhooks__Tokens__0__Token"] = Token,
            ["Mesh__Webhooks__Tokens__0__Tenant"] = "default",
        });

        using var http = new HttpClient { BaseAddress = _gateway.BaseAddress };
        using var post = new HttpRequestMessage(HttpMethod.Post, "webhooks/echo/")
        {
            Content = new StringContent(EchoPayloads.PipelineStarting(), Encoding.UTF8, "application/json"),
        };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var accepted = await http.SendAsync(post);
        var body = await accepted.Content.ReadAsStringAsync();
        Assert.That((int)accepted.StatusCode, Is.EqualTo(202), body);
        var receiptId = JsonDocument.Parse(body).RootElement.GetProperty("receiptId").GetGuid();

        // Asking ingest for the receipt is also a request its metrics must count.
        using var ingest = new HttpClient { BaseAddress = _ingest.BaseAddress };
        await Eventually.GetAsync(async () =>
        {
            using var response = await ingest.GetAsync($"api/ingest/receipts/{receiptId}");
            return (int)response.StatusCode;
        }, status => status == 200, TimeSpan.FromSeconds(20), $"receipt {receiptId} to be processed\n{_ingest.Output}");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_ingest is not null) await _ingest.DisposeAsync();
        if (_rabbitMq is not null) await _rabbitMq.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }

    [Test]
    public async Task Should_answer_prometheus_text_with_the_gateways_request_figures()
    {
        var metrics = await ScrapeAsync(_gateway);

        Assert.That(metrics, Does.Contain("http_server_request_duration_seconds_bucket{"));
        Assert.That(metrics, Does.Match("""http_server_request_duration_seconds_count\{[^}]*http_route="/webhooks/echo[^}]*\} 1"""));
    }

    [Test]
    public async Task Should_answer_prometheus_text_with_the_services_request_and_consumer_figures()
    {
        var metrics = await ScrapeAsync(_ingest);

        Assert.That(metrics, Does.Match("""http_server_request_duration_seconds_count\{[^}]*http_route="/api/ingest/receipts/"""));
        // MassTransit counts in the unit "ea" (each), which the exporter spells into the name.
        Assert.That(metrics, Does.Match("""messaging_masstransit_consume_ea_total\{[^}]*consumer_type="EchoWebhookConsumer"[^}]*\} 1"""));
    }

    [Test]
    public async Task Should_report_the_depth_of_the_services_queue_and_error_queue()
    {
        // The depths are refreshed in the background every few seconds, so the first scrape may predate them.
        var metrics = await Eventually.GetAsync(() => ScrapeAsync(_ingest),
            text => text.Contains("mesh_messaging_error_queue_ready{"), TimeSpan.FromSeconds(30), "the queue-depth gauges");

        Assert.That(metrics, Does.Match("""mesh_messaging_queue_ready\{[^}]*queue="ingest-echo-webhooks"[^}]*\} 0"""));
        Assert.That(metrics, Does.Match("""mesh_messaging_error_queue_ready\{[^}]*queue="ingest-echo-webhooks"[^}]*\} 0"""));
    }

    [Test]
    public async Task Should_answer_openmetrics_to_a_scraper_that_asks_for_it()
    {
        using var http = new HttpClient { BaseAddress = _gateway.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
        request.Headers.Accept.ParseAdd("application/openmetrics-text; version=1.0.0");
        using var response = await http.SendAsync(request);

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/openmetrics-text"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.EndWith("# EOF\n"));
    }

    /// <summary><c>GET /metrics</c> without a token, as Prometheus does; asserts the classic text format.</summary>
    private static async Task<string> ScrapeAsync(MeshProcess process)
    {
        using var http = new HttpClient { BaseAddress = process.BaseAddress };
        using var response = await http.GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), text);
        var type = response.Content.Headers.ContentType;
        Assert.That(type?.MediaType, Is.EqualTo("text/plain"));
        Assert.That(type?.Parameters.Any(p => p.Name == "version" && p.Value == "0.0.4"), Is.True, type?.ToString());
        return text;
    }
}
