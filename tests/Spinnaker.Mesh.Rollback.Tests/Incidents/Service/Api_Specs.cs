using System.Net;
using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Tests.Incidents.Support;
using static Spinnaker.Mesh.Rollback.Tests.Incidents.Service.ServiceUnderTest;
using static Spinnaker.Mesh.Rollback.Tests.Incidents.Support.PipelineRuns;

namespace Spinnaker.Mesh.Rollback.Tests.Incidents.Service;

/// <summary>
/// Three incidents of two applications: payments' deploy failed and recovered, then failed again (open); checkout's
/// failed (open). Listed through the API, filtered and limited; another tenant sees none of them.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_incidents_are_listed
{
    private const string Tenant = "incidents-api";
    private static readonly PipelineRuns Payments = new(Tenant);
    private static readonly PipelineRuns Checkout = new(Tenant, application: "checkout", configId: "2c9f4e1a-6b7d-4e8f-9a0b-1c2d3e4f5a6b", pipelineName: "Deploy checkout");

    [OneTimeSetUp]
    public async Task Run()
    {
        await PublishInOrderAsync(
            Payments.Failed("P-F1", At(1)), Payments.Succeeded("P-S1", At(2)), Payments.Failed("P-F2", At(30)), Checkout.Failed("C-F1", At(10)));
        await IncidentsUntilAsync(Tenant, "", l => l.Length == 3, "three incidents");
    }

    private static async Task<string?[]> OpenersAsync(string query) =>
        [.. (await IncidentsAsync(Tenant, query)).GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("openedByExecutionId").GetString())];

    [Test]
    public async Task Should_list_the_tenant_s_incidents_newest_first()
    {
        Assert.That(await OpenersAsync(""), Is.EqualTo(new[] { "P-F2", "C-F1", "P-F1" }));
    }

    [Test]
    public async Task Should_filter_by_application_and_status()
    {
        Assert.That(await OpenersAsync("?application=payments"), Is.EqualTo(new[] { "P-F2", "P-F1" }));
        Assert.That(await OpenersAsync("?status=open"), Is.EqualTo(new[] { "P-F2", "C-F1" }));
        Assert.That(await OpenersAsync("?status=resolved"), Is.EqualTo(new[] { "P-F1" }));
        Assert.That(await OpenersAsync("?application=payments&status=resolved"), Is.EqualTo(new[] { "P-F1" }));
        Assert.That(await OpenersAsync("?application=search"), Is.Empty);
        Assert.That(await OpenersAsync("?application=&status="), Has.Length.EqualTo(3), "empty parameters filter nothing");
    }

    [Test]
    public async Task Should_answer_at_most_the_limit()
    {
        Assert.That(await OpenersAsync("?limit=2"), Is.EqualTo(new[] { "P-F2", "C-F1" }));
    }

    [Test]
    public async Task Should_summarize_each_with_its_recovery()
    {
        var resolved = (await IncidentsAsync(Tenant, "?status=resolved")).GetProperty("incidents")[0];
        Assert.That(resolved.GetProperty("recoveryMs").GetInt64(), Is.EqualTo(3_600_000));
        Assert.That(resolved.GetProperty("resolvedByExecutionId").GetString(), Is.EqualTo("P-S1"));
        Assert.That(resolved.GetProperty("failureCount").GetInt32(), Is.EqualTo(1));
    }

    [TestCase("?status=closed", "status")]
    [TestCase("?status=OPEN", "status")]
    [TestCase("?limit=0", "limit")]
    [TestCase("?limit=501", "limit")]
    [TestCase("?limit=ten", "limit")]
    [TestCase("?application=%20", "application")]
    public async Task Should_answer_400_naming_the_field(string query, string field)
    {
        using var response = await TheService.SendAsync(HttpMethod.Get, $"/api/incidents{query}", Tenant);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(body.GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { field }));
    }

    [Test]
    public async Task Should_answer_404_problem_for_an_unknown_incident()
    {
        using var response = await TheService.SendAsync(HttpMethod.Get, "/api/incidents/no-such-incident", Tenant);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.That(body.GetProperty("title").GetString(), Is.EqualTo("Incident not found"));
    }

    [Test]
    public async Task Should_show_another_tenant_none_of_them()
    {
        var incidentId = (await IncidentsAsync(Tenant)).GetProperty("incidents")[0].GetProperty("incidentId").GetString();
        Assert.That((await IncidentsAsync("incidents-api-other")).GetProperty("incidents").GetArrayLength(), Is.Zero);
        using var response = await TheService.SendAsync(HttpMethod.Get, $"/api/incidents/{incidentId}", "incidents-api-other");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
