using System.Net;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Changes.V1;
using Spinnaker.Mesh.Gateway.Tests.Support;
using static Spinnaker.Mesh.Gateway.Tests.Support.ChangeBodies;

namespace Spinnaker.Mesh.Gateway.Tests;

public abstract class CommitsWebhookFixture : ExchangeFixture
{
    protected override string Exchange => ReceiptQueue.CommitExchange;

    internal Task<HttpResponseMessage> PostCommitsAsync(string body, string? bearer = GatewayServer.Token) =>
        Gateway.PostWebhookAsync("webhooks/commits", body, bearer);
}

public sealed class When_a_commit_list_is_posted : CommitsWebhookFixture
{
    [Test]
    public async Task Should_publish_the_list_byte_for_byte_as_commits_reported_by_commits()
    {
        using var response = await PostCommitsAsync(CommitList);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var published = await Queue.NextAsync();
        var reported = published.As<CommitsReported>();
        Assert.Multiple(() =>
        {
            Assert.That(published.MemberNames, Is.EqualTo(new[] { "receiptId", "tenant", "receivedAt", "source", "body" }));
            Assert.That(published.RawMember("body"), Is.EqualTo(CommitList.Trim()), "the list was altered");
            Assert.That(reported.Source, Is.EqualTo("commits"));
            Assert.That(reported.Tenant, Is.EqualTo(GatewayServer.Tenant));
            Assert.That(reported.Body.GetProperty("commits").GetArrayLength(), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Should_publish_nothing_to_the_incident_exchange()
    {
        await using var incidents = await ReceiptQueue.BindAsync(RabbitMq, ReceiptQueue.IncidentExchange);

        using var response = await PostCommitsAsync(CommitList);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(await incidents.CountAsync(), Is.Zero, "a commit list reached the incident exchange");
    }

    [Test]
    public async Task Should_answer_401_without_a_token()
    {
        using var response = await PostCommitsAsync(CommitList, bearer: null);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        await AssertNothingPublished();
    }

    [Test]
    public async Task Should_publish_for_the_tenant_of_the_token()
    {
        using var response = await PostCommitsAsync(CommitList, GatewayServer.OtherToken);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await Queue.NextAsync()).As<CommitsReported>().Tenant, Is.EqualTo(GatewayServer.OtherTenant));
    }

    [TestCase("2024-05-13T05:00:00-04:00")]
    [TestCase("2024-05-13T05:00-04:00")]
    [TestCase("2024-05-13t09:00:00.123456789z")]
    [TestCase("2024-05-13T14:30:00+0530")]
    public async Task Should_accept_an_authoredAt_with_any_offset_form(string authoredAt)
    {
        using var response = await PostCommitsAsync(With(CommitList, l => l.Commit(0)["authoredAt"] = authoredAt));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
    }
}

public sealed class When_the_commit_list_is_invalid : CommitsWebhookFixture
{
    public static IEnumerable<TestCaseData> Invalid()
    {
        TestCaseData Case(string name, string field, Action<JsonObject> change) =>
            new TestCaseData(With(CommitList, change), field).SetName($"Should_answer_400_naming_{field}_when_{name}");

        yield return Case("application_is_missing", "application", l => l.Remove("application"));
        yield return Case("application_is_blank", "application", l => l["application"] = " ");
        yield return Case("repository_is_a_number", "repository", l => l["repository"] = 42);
        yield return Case("commits_is_missing", "commits", l => l.Remove("commits"));
        yield return Case("commits_is_empty", "commits", l => l["commits"] = new JsonArray());
        yield return Case("commits_is_an_object", "commits", l => l["commits"] = new JsonObject());
        yield return Case("a_commit_is_a_string", "commits[1]", l => l["commits"]![1] = "2b3c4d5");
        yield return Case("a_commit_has_no_sha", "commits[0].sha", l => l.Commit(0).Remove("sha"));
        yield return Case("a_sha_is_too_short", "commits[2].sha", l => l.Commit(2)["sha"] = "3c4d5e");
        yield return Case("a_sha_is_too_long", "commits[0].sha", l => l.Commit(0)["sha"] = new string('a', 65));
        yield return Case("a_sha_is_not_hex", "commits[1].sha", l => l.Commit(1)["sha"] = "2b3c4d5g");
        yield return Case("parents_is_missing", "commits[0].parents", l => l.Commit(0).Remove("parents"));
        yield return Case("parents_is_a_string", "commits[1].parents", l => l.Commit(1)["parents"] = "1a2b3c4");
        yield return Case("a_parent_is_not_a_sha", "commits[2].parents[1]", l => l.Commit(2)["parents"]![1] = "main");
        yield return Case("authoredAt_is_missing", "commits[1].authoredAt", l => l.Commit(1).Remove("authoredAt"));
        yield return Case("authoredAt_has_no_offset", "commits[2].authoredAt", l => l.Commit(2)["authoredAt"] = "2024-05-13T05:00:00");
        yield return Case("authoredAt_is_a_date_only", "commits[0].authoredAt", l => l.Commit(0)["authoredAt"] = "2024-05-13");
        yield return Case("authoredAt_is_not_a_real_date", "commits[0].authoredAt", l => l.Commit(0)["authoredAt"] = "2024-02-30T09:00:00Z");
        yield return Case("authoredAt_is_epoch_ms", "commits[0].authoredAt", l => l.Commit(0)["authoredAt"] = 1715590800000);
    }

    [TestCaseSource(nameof(Invalid))]
    public async Task Should_answer_400_naming_the_field_and_publish_nothing(string body, string field)
    {
        using var response = await PostCommitsAsync(body);

        await Problem.AssertInvalidFieldAsync(response, field);
        await AssertNothingPublished();
    }

    [TestCase("[]", TestName = "Should_answer_400_naming_the_body_for_a_JSON_array")]
    [TestCase("not json", TestName = "Should_answer_400_naming_the_body_for_text")]
    [TestCase("", TestName = "Should_answer_400_naming_the_body_when_empty")]
    public async Task Should_answer_400_naming_the_body(string body)
    {
        using var response = await PostCommitsAsync(body);

        await Problem.AssertInvalidFieldAsync(response, "$");
        await AssertNothingPublished();
    }

    [Test]
    public async Task Should_answer_415_for_text_plain()
    {
        using var response = await Gateway.SendAsync("webhooks/commits",
            new StringContent(CommitList, System.Text.Encoding.UTF8, "text/plain"), new("Bearer", GatewayServer.Token));

        await Problem.AssertAsync(response, HttpStatusCode.UnsupportedMediaType);
        await AssertNothingPublished();
    }
}

public sealed class When_a_commit_list_is_larger_than_the_limit : CommitsWebhookFixture
{
    protected override (string Key, string Value)[] Settings => [("Mesh:Webhooks:MaxBodyBytes", "256")];

    [Test]
    public async Task Should_answer_413_and_publish_nothing()
    {
        using var response = await PostCommitsAsync(CommitList);

        await Problem.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingPublished();
    }
}
