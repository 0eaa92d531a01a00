using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Changes.V1;
using Spinnaker.Mesh.Gateway.Tests.Support;
using static Spinnaker.Mesh.Gateway.Tests.Support.ChangeBodies;

namespace Spinnaker.Mesh.Gateway.Tests;

/// <summary>GitHub posts with the tenant token as the Basic-auth password of the hook URL.</summary>
public abstract class GitHubWebhookFixture : ExchangeFixture
{
    protected override string Exchange => ReceiptQueue.CommitExchange;

    internal Task<HttpResponseMessage> PostGitHubAsync(string body, string? signature, string gitHubEvent = "push", string token = GatewayServer.Token)
    {
        var headers = new List<(string, string)> { ("X-GitHub-Event", gitHubEvent), ("X-GitHub-Delivery", Guid.NewGuid().ToString()) };
        if (signature is not null) headers.Add(("X-Hub-Signature-256", signature));
        return Gateway.SendAsync("webhooks/github", GatewayServer.Json(body), GatewayServer.Basic("mesh", token), [.. headers]);
    }

    internal Task<HttpResponseMessage> PostSignedAsync(string body, string gitHubEvent = "push") => PostGitHubAsync(body, Signature(body), gitHubEvent);
}

public sealed class When_GitHub_delivers_a_signed_push : GitHubWebhookFixture
{
    protected override (string Key, string Value)[] Settings =>
        [("Mesh:Webhooks:GitHub:Secret", GitHubSecret), ("Mesh:Webhooks:Tokens:1:GitHubSecret", OtherGitHubSecret)];

    [Test]
    public async Task Should_publish_the_push_byte_for_byte_as_commits_reported_by_github()
    {
        var before = DateTimeOffset.UtcNow;
        using var response = await PostSignedAsync(GitHubPush);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var accepted = await response.Content.ReadFromJsonAsync<AcceptedBody>();
        var published = await Queue.NextAsync();
        var reported = published.As<CommitsReported>();
        Assert.Multiple(() =>
        {
            Assert.That(published.MemberNames, Is.EqualTo(new[] { "receiptId", "tenant", "receivedAt", "source", "body" }));
            Assert.That(published.RawMember("body"), Is.EqualTo(GitHubPush.Trim()), "the push was altered");
            Assert.That(reported.ReceiptId, Is.EqualTo(accepted!.ReceiptId));
            Assert.That(published.Properties.MessageId, Is.EqualTo(accepted.ReceiptId.ToString()));
            Assert.That(reported.Source, Is.EqualTo("github"));
            Assert.That(reported.Tenant, Is.EqualTo(GatewayServer.Tenant));
            Assert.That(reported.ReceivedAt, Is.InRange(before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1)));
            Assert.That(reported.Body.GetProperty("repository").GetProperty("full_name").GetString(), Is.EqualTo("example-org/checkout-api"));
        });
    }

    [Test]
    public async Task Should_refuse_a_signature_that_does_not_match_the_body()
    {
        var tampered = GitHubPush.Replace("Bump checkout-api", "Bump payments-api", StringComparison.Ordinal);

        using var response = await PostGitHubAsync(tampered, Signature(GitHubPush));

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        await AssertNothingPublished();
    }

    [Test]
    public async Task Should_refuse_a_signature_made_with_another_secret()
    {
        using var response = await PostGitHubAsync(GitHubPush, Signature(GitHubPush, "not-the-secret"));

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        await AssertNothingPublished();
    }

    [TestCase(null, TestName = "Should_refuse_a_push_without_a_signature")]
    [TestCase("sha1=5d61605c3feea9799210ddcb71307d4ba264225f", TestName = "Should_refuse_the_legacy_sha1_signature")]
    [TestCase("sha256=zz", TestName = "Should_refuse_a_signature_that_is_not_hex")]
    public async Task Should_refuse_a_push_without_a_valid_signature(string? signature)
    {
        using var response = await PostGitHubAsync(GitHubPush, signature);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        await AssertNothingPublished();
    }

    [Test]
    public async Task Should_check_the_signature_of_a_ping_too()
    {
        using var response = await PostGitHubAsync(GitHubPing, Signature(GitHubPing, "not-the-secret"), "ping");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Should_check_a_tenant_against_its_own_secret_instead_of_the_gateway_wide_one()
    {
        using var ownSecret = await PostGitHubAsync(GitHubPush, Signature(GitHubPush, OtherGitHubSecret), token: GatewayServer.OtherToken);
        Assert.That(ownSecret.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await ownSecret.Content.ReadAsStringAsync());
        Assert.That((await Queue.NextAsync()).As<CommitsReported>().Tenant, Is.EqualTo(GatewayServer.OtherTenant));

        using var sharedSecret = await PostGitHubAsync(GitHubPush, Signature(GitHubPush), token: GatewayServer.OtherToken);
        await Problem.AssertAsync(sharedSecret, HttpStatusCode.Unauthorized);
        await AssertNothingPublished();
    }

    private sealed record AcceptedBody(Guid ReceiptId);
}

public sealed class When_GitHub_sends_an_event_other_than_push : GitHubWebhookFixture
{
    protected override (string Key, string Value)[] Settings => [("Mesh:Webhooks:GitHub:Secret", GitHubSecret)];

    [Test]
    public async Task Should_answer_a_ping_with_200_and_publish_nothing()
    {
        using var response = await PostSignedAsync(GitHubPing, "ping");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That((await response.Content.ReadFromJsonAsync<JsonObject>())!["ignored"]!.GetValue<string>(), Is.EqualTo("ping"));
        await AssertNothingPublished();
    }

    [TestCase("issues")]
    [TestCase("pull_request")]
    [TestCase("create")]
    public async Task Should_answer_202_naming_the_ignored_event_and_publish_nothing(string gitHubEvent)
    {
        // Not a push: the body need not look like one.
        const string body = """{"action":"opened","repository":{"full_name":"example-org/checkout-api"}}""";

        using var response = await PostSignedAsync(body, gitHubEvent);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        Assert.That((await response.Content.ReadFromJsonAsync<JsonObject>())!["ignored"]!.GetValue<string>(), Is.EqualTo(gitHubEvent));
        await AssertNothingPublished();
    }

    [Test]
    public async Task Should_answer_400_naming_the_event_header_when_it_is_missing()
    {
        using var response = await Gateway.SendAsync("webhooks/github", GatewayServer.Json(GitHubPush), GatewayServer.Basic("mesh", GatewayServer.Token),
            ("X-Hub-Signature-256", Signature(GitHubPush)));

        await Problem.AssertInvalidFieldAsync(response, "X-GitHub-Event");
        await AssertNothingPublished();
    }
}

public sealed class When_no_GitHub_secret_is_configured : GitHubWebhookFixture
{
    [Test]
    public async Task Should_accept_an_unsigned_push()
    {
        using var response = await PostGitHubAsync(GitHubPush, signature: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        Assert.That((await Queue.NextAsync()).RawMember("body"), Is.EqualTo(GitHubPush.Trim()));
    }

    [Test]
    public async Task Should_not_hold_a_signature_it_cannot_check_against_the_push()
    {
        using var response = await PostGitHubAsync(GitHubPush, Signature(GitHubPush, "a-secret-mesh-does-not-know"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Should_still_require_the_tenant_token()
    {
        using var response = await Gateway.SendAsync("webhooks/github", GatewayServer.Json(GitHubPush), authorization: null, ("X-GitHub-Event", "push"));

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        await AssertNothingPublished();
    }

    [Test]
    public async Task Should_refuse_a_wrong_tenant_token()
    {
        using var response = await PostGitHubAsync(GitHubPush, signature: null, token: "not-" + GatewayServer.Token);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        await AssertNothingPublished();
    }
}

public sealed class When_the_GitHub_push_is_invalid : GitHubWebhookFixture
{
    public static IEnumerable<TestCaseData> Invalid()
    {
        TestCaseData Case(string name, string field, Action<JsonObject> change) =>
            new TestCaseData(With(GitHubPush, change), field).SetName($"Should_answer_400_naming_{field}_when_{name}");

        yield return Case("repository_is_missing", "repository", p => p.Remove("repository"));
        yield return Case("repository_is_a_string", "repository", p => p["repository"] = "example-org/checkout-api");
        yield return Case("full_name_is_missing", "repository.full_name", p => p["repository"]!.AsObject().Remove("full_name"));
        yield return Case("full_name_is_empty", "repository.full_name", p => p["repository"]!["full_name"] = "");
        yield return Case("commits_is_missing", "commits", p => p.Remove("commits"));
        yield return Case("commits_is_an_object", "commits", p => p["commits"] = new JsonObject());
        yield return Case("a_commit_is_a_string", "commits[1]", p => p["commits"]![1] = "9f1c2ab");
        yield return Case("a_commit_has_no_id", "commits[0].id", p => p.Commit(0).Remove("id"));
        yield return Case("a_commit_id_is_not_hex", "commits[1].id", p => p.Commit(1)["id"] = "not-a-sha");
        yield return Case("a_commit_has_no_timestamp", "commits[0].timestamp", p => p.Commit(0).Remove("timestamp"));
        yield return Case("a_timestamp_has_no_offset", "commits[1].timestamp", p => p.Commit(1)["timestamp"] = "2024-05-15T02:59:41");
        yield return Case("a_timestamp_is_epoch_seconds", "commits[0].timestamp", p => p.Commit(0)["timestamp"] = 1715734781);
    }

    [TestCaseSource(nameof(Invalid))]
    public async Task Should_answer_400_naming_the_field_and_publish_nothing(string body, string field)
    {
        using var response = await PostGitHubAsync(body, signature: null);

        await Problem.AssertInvalidFieldAsync(response, field);
        await AssertNothingPublished();
    }

    [TestCase("[]", TestName = "Should_answer_400_naming_the_body_for_a_JSON_array")]
    [TestCase("{\"ref\":", TestName = "Should_answer_400_naming_the_body_for_truncated_JSON")]
    public async Task Should_answer_400_naming_the_body(string body)
    {
        using var response = await PostGitHubAsync(body, signature: null);

        await Problem.AssertInvalidFieldAsync(response, "$");
        await AssertNothingPublished();
    }

    [Test]
    public async Task Should_accept_a_push_that_lists_no_commits()
    {
        // Deleting a branch is a push without commits.
        var deletion = With(GitHubPush, p =>
        {
            p["commits"] = new JsonArray();
            p["deleted"] = true;
        });

        using var response = await PostGitHubAsync(deletion, signature: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
    }
}
