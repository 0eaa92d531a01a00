using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Changes.V1;
using Spinnaker.Mesh.Gateway.Tests.Support;
using static Spinnaker.Mesh.Gateway.Tests.Support.ChangeBodies;

namespace Spinnaker.Mesh.Gateway.Tests;

public abstract class GitLabWebhookFixture : ExchangeFixture
{
    protected override string Exchange => ReceiptQueue.CommitExchange;

    /// <summary>POSTs a hook the way GitLab does, here with the tenant token as a custom Authorization header.</summary>
    internal Task<HttpResponseMessage> PostGitLabAsync(string body, string? secretToken, string gitLabEvent = "Push Hook", string? bearer = GatewayServer.Token)
    {
        var headers = new List<(string, string)> { ("X-Gitlab-Event", gitLabEvent), ("X-Gitlab-Instance", "https://gitlab.example.com") };
        if (secretToken is not null) headers.Add(("X-Gitlab-Token", secretToken));
        return Gateway.PostWebhookAsync("webhooks/gitlab", body, bearer, [.. headers]);
    }
}

public sealed class When_GitLab_delivers_a_push_hook_with_its_secret_token : GitLabWebhookFixture
{
    protected override (string Key, string Value)[] Settings => [("Mesh:Webhooks:GitLab:Token", GitLabToken)];

    [Test]
    public async Task Should_publish_the_hook_byte_for_byte_as_commits_reported_by_gitlab()
    {
        using var response = await PostGitLabAsync(GitLabPush, GitLabToken);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var receiptId = (await response.Content.ReadFromJsonAsync<JsonObject>())!["receiptId"]!.GetValue<Guid>();
        var published = await Queue.NextAsync();
        var reported = published.As<CommitsReported>();
        Assert.Multiple(() =>
        {
            Assert.That(published.MemberNames, Is.EqualTo(new[] { "receiptId", "tenant", "receivedAt", "source", "body" }));
            Assert.That(published.RawMember("body"), Is.EqualTo(GitLabPush.Trim()), "the hook was altered");
            Assert.That(reported.ReceiptId, Is.EqualTo(receiptId));
            Assert.That(reported.Source, Is.EqualTo("gitlab"));
            Assert.That(reported.Tenant, Is.EqualTo(GatewayServer.Tenant));
        });
    }

    [TestCase("not-the-token", TestName = "Should_refuse_a_wrong_secret_token")]
    [TestCase(null, TestName = "Should_refuse_a_hook_without_a_secret_token")]
    public async Task Should_refuse_the_hook_and_publish_nothing(string? secretToken)
    {
        using var response = await PostGitLabAsync(GitLabPush, secretToken);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        await AssertNothingPublished();
    }

    [Test]
    public async Task Should_take_the_tenant_token_in_X_Gitlab_Token_when_there_is_no_Authorization_header()
    {
        // GitLab before custom headers can only send its secret token: that token is then the tenant token.
        using var response = await PostGitLabAsync(GitLabPush, GatewayServer.OtherToken, bearer: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        Assert.That((await Queue.NextAsync()).As<CommitsReported>().Tenant, Is.EqualTo(GatewayServer.OtherTenant));
    }

    [TestCase(GitLabToken, TestName = "Should_refuse_the_GitLab_secret_alone_as_it_is_no_tenant_token")]
    [TestCase(null, TestName = "Should_refuse_a_hook_with_neither_token")]
    public async Task Should_answer_401_without_a_tenant_token(string? secretToken)
    {
        using var response = await PostGitLabAsync(GitLabPush, secretToken, bearer: null);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        await AssertNothingPublished();
    }

    [Test]
    public async Task Should_not_take_a_tenant_token_from_X_Gitlab_Token_on_other_webhooks()
    {
        using var response = await Gateway.PostWebhookAsync("webhooks/commits", CommitList, bearer: null, ("X-Gitlab-Token", GatewayServer.Token));

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
    }

    [TestCase("Tag Push Hook")]
    [TestCase("Merge Request Hook")]
    [TestCase("Pipeline Hook")]
    public async Task Should_answer_202_naming_the_ignored_event_and_publish_nothing(string gitLabEvent)
    {
        using var response = await PostGitLabAsync("""{"object_kind":"other"}""", GitLabToken, gitLabEvent);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        Assert.That((await response.Content.ReadFromJsonAsync<JsonObject>())!["ignored"]!.GetValue<string>(), Is.EqualTo(gitLabEvent));
        await AssertNothingPublished();
    }

    [Test]
    public async Task Should_check_the_secret_token_before_ignoring_an_event()
    {
        using var response = await PostGitLabAsync("""{"object_kind":"other"}""", "not-the-token", "Tag Push Hook");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Should_answer_400_naming_the_event_header_when_it_is_missing()
    {
        using var response = await Gateway.PostWebhookAsync("webhooks/gitlab", GitLabPush, GatewayServer.Token, ("X-Gitlab-Token", GitLabToken));

        await Problem.AssertInvalidFieldAsync(response, "X-Gitlab-Event");
        await AssertNothingPublished();
    }
}

public sealed class When_a_tenant_has_its_own_GitLab_secret_token : GitLabWebhookFixture
{
    protected override (string Key, string Value)[] Settings =>
        [("Mesh:Webhooks:GitLab:Token", GitLabToken), ("Mesh:Webhooks:Tokens:1:GitLabToken", "globex-gitlab-token")];

    [Test]
    public async Task Should_check_the_tenant_against_its_own_token_only()
    {
        using var own = await PostGitLabAsync(GitLabPush, "globex-gitlab-token", bearer: GatewayServer.OtherToken);
        using var shared = await PostGitLabAsync(GitLabPush, GitLabToken, bearer: GatewayServer.OtherToken);

        Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await own.Content.ReadAsStringAsync());
        await Problem.AssertAsync(shared, HttpStatusCode.Unauthorized);
    }
}

public sealed class When_no_GitLab_secret_token_is_configured : GitLabWebhookFixture
{
    [Test]
    public async Task Should_accept_a_hook_with_the_tenant_token_alone()
    {
        using var response = await PostGitLabAsync(GitLabPush, secretToken: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        Assert.That((await Queue.NextAsync()).RawMember("body"), Is.EqualTo(GitLabPush.Trim()));
    }
}

public sealed class When_the_GitLab_push_hook_is_invalid : GitLabWebhookFixture
{
    public static IEnumerable<TestCaseData> Invalid()
    {
        TestCaseData Case(string name, string field, Action<JsonObject> change) =>
            new TestCaseData(With(GitLabPush, change), field).SetName($"Should_answer_400_naming_{field}_when_{name}");

        yield return Case("project_is_missing", "project", p => p.Remove("project"));
        yield return Case("path_with_namespace_is_missing", "project.path_with_namespace", p => p["project"]!.AsObject().Remove("path_with_namespace"));
        yield return Case("path_with_namespace_is_a_number", "project.path_with_namespace", p => p["project"]!["path_with_namespace"] = 15);
        yield return Case("commits_is_missing", "commits", p => p.Remove("commits"));
        yield return Case("a_commit_has_no_id", "commits[1].id", p => p.Commit(1).Remove("id"));
        yield return Case("a_timestamp_has_no_offset", "commits[0].timestamp", p => p.Commit(0)["timestamp"] = "2024-05-14T21:57:02");
        yield return Case("a_timestamp_is_not_a_date", "commits[1].timestamp", p => p.Commit(1)["timestamp"] = "yesterday");
    }

    [TestCaseSource(nameof(Invalid))]
    public async Task Should_answer_400_naming_the_field_and_publish_nothing(string body, string field)
    {
        using var response = await PostGitLabAsync(body, secretToken: null);

        await Problem.AssertInvalidFieldAsync(response, field);
        await AssertNothingPublished();
    }
}
