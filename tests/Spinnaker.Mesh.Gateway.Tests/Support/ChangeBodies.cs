using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Spinnaker.Mesh.Gateway.Tests.Support;

/// <summary>
/// Commit and incident webhook bodies written for these tests after GitHub's and GitLab's documented push payloads.
/// Escapes (<c>\u00e9</c>) and odd spacing catch a gateway that re-serialized a body instead of passing it on.
/// </summary>
internal static class ChangeBodies
{
    public const string GitHubSecret = "github-webhook-secret";
    public const string OtherGitHubSecret = "globex-github-secret";
    public const string GitLabToken = "gitlab-secret-token";

    /// <summary>A GitHub <c>push</c> of two commits to main, times in +02:00.</summary>
    public const string GitHubPush = """
        {"ref":"refs/heads/main","before":"0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a69788796","after":"9f1c2ab7d4e85f0c3b6a1d2e7f8091a2b3c4d5e6",
         "repository":{"id":123456789,"name":"checkout-api","full_name":"example-org/checkout-api","html_url":"https://github.com/example-org/checkout-api"},
         "pusher":{"name":"alice","email":"alice@example.com"},
         "commits":[
           {"id":"5b2e0c4d6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c","timestamp":"2024-05-15T02:41:10+02:00","message":"Round caf\u00e9 prices","author":{"name":"Alice","email":"alice@example.com"}},
           {"id":"9f1c2ab7d4e85f0c3b6a1d2e7f8091a2b3c4d5e6","timestamp":"2024-05-15T02:59:41+02:00","message":"Bump checkout-api to 1.8.2","author":{"name":"Alice","email":"alice@example.com"}}],
         "head_commit":{"id":"9f1c2ab7d4e85f0c3b6a1d2e7f8091a2b3c4d5e6","timestamp":"2024-05-15T02:59:41+02:00"}}
        """;

    /// <summary>GitHub's <c>ping</c>, sent when the hook is created.</summary>
    public const string GitHubPing = """{"zen":"Keep it logically awesome.","hook_id":4242,"hook":{"type":"Repository","events":["push"]}}""";

    /// <summary>A GitLab push hook of two commits.</summary>
    public const string GitLabPush = """
        {"object_kind":"push","event_name":"push","before":"95790bf891e76fee5e1747ab589903a6a1f80f22","after":"da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
         "ref":"refs/heads/main","user_name":"Bob","project_id":15,
         "project":{"id":15,"name":"payments-api","path_with_namespace":"payments/payments-api","default_branch":"main"},
         "commits":[
           {"id":"b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327","message":"Retry declin\u00e9d cards","timestamp":"2024-05-14T21:57:02+00:00","author":{"name":"Bob"}},
           {"id":"da1560886d4f094c3e6c9ef40349f7d38b5d27d7","message":"Fix rounding","timestamp":"2024-05-15T07:57:02+10:00","author":{"name":"Bob"}}],
         "total_commits_count":2}
        """;

    /// <summary>Mesh's generic list: a merge commit with two parents, times with offsets.</summary>
    public const string CommitList = """
        {"application":"checkout","repository":"example-org/checkout-api",
         "commits":[
           {"sha":"1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d","parents":[],"authoredAt":"2024-05-13T09:00:00Z"},
           {"sha":"2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e","parents":["1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"],"authoredAt":"2024-05-13T11:30:00.250+02:00"},
           {"sha":"3c4d5e6","parents":["1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d","2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e"],"authoredAt":"2024-05-13T05:00:00-0400","note":"caf\u00e9"}]}
        """;

    /// <summary>A resolved incident a change caused, linked to the execution that deployed it.</summary>
    public const string Incident = """
        {"incidentId":"INC-2041","application":"checkout","source":"pagerduty","changeCaused":true,
         "linkedExecutionId":"01HXW0QYJH5FE0M4Y85WP5SZWK","startedAt":"2024-05-15T03:10:00+02:00","resolvedAt":"2024-05-15T01:55:00Z","title":"Checkout 5xx \u2191"}
        """;

    /// <summary>An incident still open, without a linked execution.</summary>
    public const string OpenIncident = """{"incidentId":"INC-2042","application":"payments","source":"opsgenie","changeCaused":false,"startedAt":"2024-05-16T08:00:00Z","resolvedAt":null}""";

    /// <summary>The body with a change applied (serialized again, so only for bodies that need not pass byte for byte).</summary>
    public static string With(string body, Action<JsonObject> change)
    {
        var root = JsonNode.Parse(body)!.AsObject();
        change(root);
        return root.ToJsonString();
    }

    public static JsonObject Commit(this JsonObject body, int index) => body["commits"]![index]!.AsObject();

    /// <summary>GitHub's <c>X-Hub-Signature-256</c> of <paramref name="body"/> under <paramref name="secret"/>.</summary>
    public static string Signature(string body, string secret = GitHubSecret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}
