using System.Net;
using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Decisions.Proposing;
using Spinnaker.Mesh.Rollback.Tests.Decisions.Support;
using static Spinnaker.Mesh.Rollback.Tests.Decisions.Service.DecisionService;

namespace Spinnaker.Mesh.Rollback.Tests.Decisions.Service;

/// <summary>The proposals API answering what it cannot do: bad queries, unknown decisions, nobody named, bad bodies; and a rejection.</summary>
[TestFixture, NonParallelizable]
public sealed class Calling_the_proposals_API
{
    private const string Tenant = "decisions-api";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow.AddSeconds(-DateTimeOffset.UtcNow.Second);
    private static readonly string First = DecisionIds.Decision(Tenant, "canaryFail", "api-judgment-1");
    private static readonly string Second = DecisionIds.Decision(Tenant, "canaryFail", "api-judgment-2");

    [OneTimeSetUp]
    public async Task Propose()
    {
        await PublishAsync(
            Deploys.Completed(Tenant, "checkout", "E1", "SUCCEEDED",
                Deploys.Manifest("E1-deploy", "registry.example.com/checkout-api:4.0.0", Now.AddHours(-8), Now.AddHours(-8).AddMinutes(3))),
            Deploys.StageEnded(Tenant, "checkout", "E2",
                Deploys.Manifest("E2-deploy", "registry.example.com/checkout-api:4.1.0", Now.AddMinutes(-30), Now.AddMinutes(-27))));
        await RecordedAsync(Tenant, "E1");
        await RecordedAsync(Tenant, "E2");
        await PublishAsync(Deploys.CanaryFailed(Tenant, "checkout", "api-judgment-1", "checkout-api", "E2", Now.AddMinutes(-10)));
        await DecisionAsync(Tenant, First);
        await PublishAsync(Deploys.CanaryFailed(Tenant, "checkout", "api-judgment-2", "checkout-api", "E2", Now.AddMinutes(-5)));
        await DecisionAsync(Tenant, Second);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Test]
    public async Task Should_name_every_bad_query_parameter()
    {
        using var response = await Subject.SendAsync(HttpMethod.Get, "api/rollbacks/proposals?status=pending&limit=0", Tenant);
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(e => e.Name).Order(), Is.EqualTo(new[] { "limit", "status" }));
        Assert.That(errors.GetProperty("status")[0].GetString(), Does.Contain("notActionable, proposed, approved, rejected"));
    }

    [Test]
    public async Task Should_list_newest_first_within_the_limit()
    {
        var all = await Subject.GetJsonAsync("api/rollbacks/proposals", Tenant);
        Assert.That(all.GetProperty("proposals").EnumerateArray().Select(p => p.GetProperty("id").GetString()).Take(2), Is.EqualTo(new[] { Second, First }));
        var one = await Subject.GetJsonAsync("api/rollbacks/proposals?limit=1&status=PROPOSED", Tenant);
        Assert.That(one.GetProperty("proposals").GetArrayLength(), Is.EqualTo(1));
        var other = await Subject.GetJsonAsync("api/rollbacks/proposals", "decisions-api-other-tenant");
        Assert.That(other.GetProperty("proposals").GetArrayLength(), Is.Zero, "decisions belong to their tenant");
    }

    [Test]
    public async Task Should_answer_404_for_an_unknown_decision()
    {
        using var get = await Subject.SendAsync(HttpMethod.Get, "api/rollbacks/proposals/no-such-decision", Tenant);
        await ProblemAsync(get, HttpStatusCode.NotFound);
        using var approve = await ActAsync(Tenant, "no-such-decision", "approve", "alice@example.com");
        await ProblemAsync(approve, HttpStatusCode.NotFound);
        using var reject = await ActAsync(Tenant, "no-such-decision", "reject", "alice@example.com");
        await ProblemAsync(reject, HttpStatusCode.NotFound);
        using var otherTenant = await Subject.SendAsync(HttpMethod.Get, $"api/rollbacks/proposals/{First}", "decisions-api-other-tenant");
        await ProblemAsync(otherTenant, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Should_require_someone_to_act()
    {
        using var response = await ActAsync(Tenant, First, "approve", user: null, new { comment = "looks bad" });
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("errors").GetProperty("by")[0].GetString(), Does.Contain("X-Mesh-User"));
        Assert.That((await DecisionAsync(Tenant, First)).GetProperty("status").GetString(), Is.EqualTo("proposed"));
    }

    [Test]
    public async Task Should_refuse_a_body_that_is_no_json_object()
    {
        using var broken = await ActAsync(Tenant, First, "reject", "alice@example.com", "{ \"comment\": ");
        Assert.That((await ProblemAsync(broken, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("body", out _), Is.True);
        using var list = await ActAsync(Tenant, First, "reject", "alice@example.com", "[\"no\"]");
        Assert.That((await ProblemAsync(list, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("body", out _), Is.True);
        Assert.That(await StoredStepsAsync(Tenant, First), Is.EqualTo(1));
    }

    [Test]
    public async Task Should_reject_naming_who_from_the_body_and_refuse_an_approval_after_it()
    {
        using var reject = await ActAsync(Tenant, Second, "reject", user: null, new { comment = "a known flaky canary", by = "dave@example.com" });
        var rejected = await JsonOf(reject);
        Assert.That(reject.StatusCode, Is.EqualTo(HttpStatusCode.OK), rejected.ToString());
        Assert.That((rejected.GetProperty("status").GetString(), rejected.GetProperty("rejectedBy").GetString(), rejected.GetProperty("comment").GetString()),
            Is.EqualTo(("rejected", "dave@example.com", "a known flaky canary")));
        var published = await PublishedAsync<RollbackRejected>(r => r.DecisionId == Second, "the rejection");
        Assert.That((published.By, published.EventId), Is.EqualTo(("dave@example.com", DecisionIds.Step(Tenant, Second, "rejected"))));

        using var approve = await ActAsync(Tenant, Second, "approve", "alice@example.com");
        await ProblemAsync(approve, HttpStatusCode.Conflict);
        Assert.That(Subject.Messages.Of<RollbackApproved>().Where(a => a.DecisionId == Second), Is.Empty);
    }
}
