using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using static Spinnaker.Mesh.Testing.EchoPayloads;
using static Spinnaker.Mesh.Ingest.Tests.Normalization.Normalizing;

namespace Spinnaker.Mesh.Ingest.Tests.Normalization;

/// <summary>Echo re-broadcasts a GitHub or GitLab push; its payload lists the pushed commits, oldest first.</summary>
public sealed class When_a_git_push_lists_its_commits
{
    private const string Before = "0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a69788796";
    private const string First = "5b2e0c4d6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c";
    private const string Second = "9f1c2ab7d4e85f0c3b6a1d2e7f8091a2b3c4d5e6";

    private static string Push(string before, JsonArray commits, bool inPayload = true) => Change(GitPush(hash: Second), e =>
    {
        var target = inPayload ? e["payload"]!.AsObject() : e.Content();
        target["before"] = before;
        target["commits"] = commits;
    });

    private static JsonArray Commits(params (string? Id, string? Timestamp)[] commits) =>
        new([.. commits.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["timestamp"] = c.Timestamp, ["message"] = "m" })]);

    [Test]
    public void Should_chain_the_parents_from_before_in_push_order_and_keep_the_offsets()
    {
        var (_, push) = Single<GitPushObserved>(Push(Before, Commits((First, "2024-05-15T02:41:10+02:00"), (Second, "2024-05-14T21:59:41-03:00"))));

        Assert.Multiple(() =>
        {
            Assert.That(push.Before, Is.EqualTo(Before));
            Assert.That(push.Commits!.Select(c => c.Sha), Is.EqualTo(new[] { First, Second }));
            Assert.That(push.Commits![0].Parents, Is.EqualTo(new[] { Before }));
            Assert.That(push.Commits[1].Parents, Is.EqualTo(new[] { First }));
            Assert.That(push.Commits[0].AuthoredAt, Is.EqualTo(new DateTimeOffset(2024, 5, 15, 0, 41, 10, TimeSpan.Zero)));
            Assert.That(push.Commits[1].AuthoredAt, Is.EqualTo(new DateTimeOffset(2024, 5, 15, 0, 59, 41, TimeSpan.Zero)));
            Assert.That(push.Commits[1].AuthoredAt!.Value.Offset, Is.EqualTo(TimeSpan.FromHours(-3)), "the author's offset is kept");
        });
    }

    [Test]
    public void Should_give_the_first_commit_of_a_new_branch_no_parent()
    {
        var (_, push) = Single<GitPushObserved>(Push(new string('0', 40), Commits((First, "2024-05-15T00:41:10Z"))));

        Assert.That(push.Commits!.Single().Parents, Is.Empty);
    }

    [Test]
    public void Should_skip_a_commit_without_an_id_and_chain_past_it()
    {
        var (_, push) = Single<GitPushObserved>(Push(Before, Commits((First, "2024-05-15T00:41:10Z"), (null, "2024-05-15T00:50:00Z"), (Second, "2024-05-15T00:59:41Z"))));

        Assert.That(push.Commits!.Select(c => (c.Sha, c.Parents.Single())), Is.EqualTo(new[] { (First, Before), (Second, First) }));
    }

    [TestCase("2024-05-15T00:41:10", TestName = "Should_not_guess_the_offset_of_a_time_without_one")]
    [TestCase("yesterday", TestName = "Should_leave_a_time_that_is_not_one_unknown")]
    [TestCase(null, TestName = "Should_leave_a_missing_time_unknown")]
    public void Should_keep_the_commit_but_leave_its_time_unknown(string? timestamp)
    {
        var (_, push) = Single<GitPushObserved>(Push(Before, Commits((First, timestamp))));

        Assert.Multiple(() =>
        {
            Assert.That(push.Commits!.Single().Sha, Is.EqualTo(First));
            Assert.That(push.Commits!.Single().AuthoredAt, Is.Null);
        });
    }

    [Test]
    public void Should_read_the_commits_from_the_content_when_there_is_no_payload()
    {
        var json = Change(Push(Before, Commits((First, "2024-05-15T00:41:10Z")), inPayload: false), e => e.Remove("payload"));

        var (_, push) = Single<GitPushObserved>(json);

        Assert.Multiple(() =>
        {
            Assert.That(push.Before, Is.EqualTo(Before));
            Assert.That(push.Commits!.Single().Sha, Is.EqualTo(First));
        });
    }

    [Test]
    public void Should_keep_the_existing_members_and_leave_the_commits_empty_when_none_are_listed()
    {
        var (_, push) = Single<GitPushObserved>(GitPush(repoProject: "example-org", slug: "checkout-api", hash: "7c2e4a6b", branch: "main"));

        Assert.Multiple(() =>
        {
            Assert.That(push with { Commits = null, Before = null },
                Is.EqualTo(new GitPushObserved(push.EventId, At(T0 + 3_600_057), Tenant, "github", "example-org", "checkout-api", "main", "7c2e4a6b", "push:push")));
            Assert.That(push.Commits, Is.Null);
            Assert.That(push.Before, Is.Null);
        });
    }

    [Test]
    public void Should_not_change_the_event_id_when_the_commits_are_read()
    {
        var bare = Single<GitPushObserved>(GitPush(hash: Second)).Record;
        var listed = Single<GitPushObserved>(Push(Before, Commits((First, "2024-05-15T00:41:10Z")))).Record;

        Assert.That(listed.EventId, Is.EqualTo(bare.EventId), "the id stays what stored pushes already have");
    }
}
