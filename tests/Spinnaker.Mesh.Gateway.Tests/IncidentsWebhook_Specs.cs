using System.Net;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Changes.V1;
using Spinnaker.Mesh.Gateway.Tests.Support;
using static Spinnaker.Mesh.Gateway.Tests.Support.ChangeBodies;

namespace Spinnaker.Mesh.Gateway.Tests;

public abstract class IncidentsWebhookFixture : ExchangeFixture
{
    protected override string Exchange => ReceiptQueue.IncidentExchange;

    internal Task<HttpResponseMessage> PostIncidentAsync(string body, string? bearer = GatewayServer.Token) =>
        Gateway.PostWebhookAsync("webhooks/incidents", body, bearer);
}

public sealed class When_an_incident_is_reported : IncidentsWebhookFixture
{
    [Test]
    public async Task Should_publish_the_incident_byte_for_byte_as_incident_reported()
    {
        using var response = await PostIncidentAsync(Incident);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var published = await Queue.NextAsync();
        var reported = published.As<IncidentReported>();
        Assert.Multiple(() =>
        {
            Assert.That(published.MemberNames, Is.EqualTo(new[] { "receiptId", "tenant", "receivedAt", "incident" }));
            Assert.That(published.RawMember("incident"), Is.EqualTo(Incident.Trim()), "the incident was altered");
            Assert.That(published.Properties.MessageId, Is.EqualTo(reported.ReceiptId.ToString()));
            Assert.That(reported.Tenant, Is.EqualTo(GatewayServer.Tenant));
            Assert.That(reported.Incident.GetProperty("incidentId").GetString(), Is.EqualTo("INC-2041"));
        });
    }

    [Test]
    public async Task Should_accept_an_open_incident_without_a_linked_execution()
    {
        using var response = await PostIncidentAsync(OpenIncident);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        Assert.That((await Queue.NextAsync()).RawMember("incident"), Is.EqualTo(OpenIncident));
    }

    [Test]
    public async Task Should_accept_an_incident_resolved_the_instant_it_started()
    {
        using var response = await PostIncidentAsync(With(Incident, i => i["resolvedAt"] = "2024-05-15T01:10:00Z"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Should_publish_nothing_to_the_commit_exchange()
    {
        await using var commits = await ReceiptQueue.BindAsync(RabbitMq, ReceiptQueue.CommitExchange);

        using var response = await PostIncidentAsync(Incident);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(await commits.CountAsync(), Is.Zero, "an incident reached the commit exchange");
    }

    [Test]
    public async Task Should_answer_401_without_a_token()
    {
        using var response = await PostIncidentAsync(Incident, bearer: null);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        await AssertNothingPublished();
    }
}

public sealed class When_the_incident_is_invalid : IncidentsWebhookFixture
{
    public static IEnumerable<TestCaseData> Invalid()
    {
        TestCaseData Case(string name, string field, Action<JsonObject> change) =>
            new TestCaseData(With(Incident, change), field).SetName($"Should_answer_400_naming_{field}_when_{name}");

        yield return Case("incidentId_is_missing", "incidentId", i => i.Remove("incidentId"));
        yield return Case("incidentId_is_a_number", "incidentId", i => i["incidentId"] = 2041);
        yield return Case("application_is_empty", "application", i => i["application"] = "");
        yield return Case("source_is_missing", "source", i => i.Remove("source"));
        yield return Case("changeCaused_is_missing", "changeCaused", i => i.Remove("changeCaused"));
        yield return Case("changeCaused_is_a_string", "changeCaused", i => i["changeCaused"] = "true");
        yield return Case("linkedExecutionId_is_a_number", "linkedExecutionId", i => i["linkedExecutionId"] = 7);
        yield return Case("linkedExecutionId_is_blank", "linkedExecutionId", i => i["linkedExecutionId"] = " ");
        yield return Case("startedAt_is_missing", "startedAt", i => i.Remove("startedAt"));
        yield return Case("startedAt_has_no_offset", "startedAt", i => i["startedAt"] = "2024-05-15T03:10:00");
        yield return Case("resolvedAt_has_no_offset", "resolvedAt", i => i["resolvedAt"] = "2024-05-15T04:00:00");
        yield return Case("resolvedAt_is_a_boolean", "resolvedAt", i => i["resolvedAt"] = true);
        // startedAt is 03:10+02:00, i.e. 01:10Z: a resolution at 01:09:59Z comes a second before it.
        yield return Case("resolvedAt_is_before_startedAt", "resolvedAt", i => i["resolvedAt"] = "2024-05-15T01:09:59Z");
    }

    [TestCaseSource(nameof(Invalid))]
    public async Task Should_answer_400_naming_the_field_and_publish_nothing(string body, string field)
    {
        using var response = await PostIncidentAsync(body);

        await Problem.AssertInvalidFieldAsync(response, field);
        await AssertNothingPublished();
    }

    [TestCase("[]", TestName = "Should_answer_400_naming_the_body_for_a_JSON_array")]
    [TestCase("\"INC-1\"", TestName = "Should_answer_400_naming_the_body_for_a_JSON_string")]
    public async Task Should_answer_400_naming_the_body(string body)
    {
        using var response = await PostIncidentAsync(body);

        await Problem.AssertInvalidFieldAsync(response, "$");
        await AssertNothingPublished();
    }
}
