using System.Text.Json;
using Spinnaker.Mesh.Contracts.Changes.V1;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Dora.Store;
using static Spinnaker.Mesh.Dora.Intake.WebhookJson;

namespace Spinnaker.Mesh.Dora.Intake;

/// <summary>The commits one report carried, for one repository (and, from the generic webhook, one application).</summary>
internal sealed record CommitReport(string Repository, string? Application, IReadOnlyList<CommitRecorded> Commits);

/// <summary>
/// Reads the three bodies of <see cref="CommitsReported"/> into commits:
/// <list type="bullet">
/// <item>GitHub push: <c>repository.full_name</c>, <c>before</c>, <c>forced</c>, <c>commits[].id/timestamp</c>.</item>
/// <item>GitLab push hook: <c>project.path_with_namespace</c>, <c>before</c>, <c>commits[].id/timestamp</c>.</item>
/// <item>Mesh's generic list: <c>application</c>, <c>repository</c>, <c>commits[].sha/parents/authoredAt</c> (and optional <c>committedAt</c>).</item>
/// </list>
/// Pushes carry no parents: they are inferred from the push order (oldest first, the last one is the new head): the
/// first commit's parent is <c>before</c>, each further commit's the one before it. That is exact for the fast-forward
/// pushes of trunk-based work. It is not for a merge commit (its second parent is unknown, so the merged branch's
/// commits are credited only if they were pushed too), nor for a forced push or a new branch (the first commit's parent
/// is then unknown and left out). GitHub and GitLab list at most 20 commits per push; older ones of a larger push are
/// missing, and deployments over them report <c>sha_not_in_commit_history</c>.
/// </summary>
internal static class CommitBodies
{
    public const string GitHub = "github";
    public const string GitLab = "gitlab";
    public const string Generic = "commits";
    public const string Echo = "echo";

    private const string NoCommit = "0000000000000000000000000000000000000000";

    public static CommitReport Read(CommitsReported report)
    {
        var body = report.Body;
        if (body.ValueKind != JsonValueKind.Object) throw Invalid("body", "must be a JSON object");
        return report.Source switch
        {
            GitHub => Push(report, RequiredString(Member(body, "repository") ?? default, "full_name", "repository.full_name"), GitHub),
            GitLab => Push(report, RequiredString(Member(body, "project") ?? default, "path_with_namespace", "project.path_with_namespace"), GitLab),
            Generic => Listed(report),
            _ => throw Invalid("source", $"'{report.Source}' is none of {GitHub}, {GitLab}, {Generic}"),
        };
    }

    private static CommitReport Push(CommitsReported report, string repository, string source)
    {
        var body = report.Body;
        var pushed = new List<(string Sha, DateTimeOffset? Time)>();
        if (Member(body, "commits") is { ValueKind: JsonValueKind.Array } commits)
        {
            var i = 0;
            foreach (var commit in commits.EnumerateArray())
            {
                pushed.Add((RequiredString(commit, "id", $"commits[{i}].id"), Time(commit, "timestamp", $"commits[{i}].timestamp", required: false)));
                i++;
            }
        }
        // The head is the last commit; a body listing newest first is turned around.
        if (pushed.Count > 1 && OptionalString(body, "after") is { } after && pushed[0].Sha == after && pushed[^1].Sha != after) pushed.Reverse();
        var forced = Member(body, "forced") is { ValueKind: JsonValueKind.True };
        var before = OptionalString(body, "before") is { } b && b != NoCommit && !forced ? b : null;
        var recorded = new List<CommitRecorded>();
        string? parent = before;
        foreach (var (sha, time) in pushed)
        {
            recorded.Add(new CommitRecorded(sha, parent is null ? [] : [parent], time, null, repository, null, source, report.ReceiptId));
            parent = sha;
        }
        return new CommitReport(repository, null, recorded);
    }

    private static CommitReport Listed(CommitsReported report)
    {
        var body = report.Body;
        var application = RequiredString(body, "application", "application");
        var repository = RequiredString(body, "repository", "repository");
        if (Member(body, "commits") is not { ValueKind: JsonValueKind.Array } commits) throw Invalid("commits", "is required (an array)");
        var recorded = new List<CommitRecorded>();
        var i = 0;
        foreach (var commit in commits.EnumerateArray())
        {
            var sha = RequiredString(commit, "sha", $"commits[{i}].sha");
            var parents = new List<string>();
            if (Member(commit, "parents") is { } list)
            {
                if (list.ValueKind != JsonValueKind.Array) throw Invalid($"commits[{i}].parents", "must be an array of shas");
                var p = 0;
                foreach (var parent in list.EnumerateArray())
                {
                    if (parent.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(parent.GetString()))
                        throw Invalid($"commits[{i}].parents[{p}]", "must be a sha");
                    parents.Add(parent.GetString()!);
                    p++;
                }
            }
            var authored = Time(commit, "authoredAt", $"commits[{i}].authoredAt", required: false);
            var committed = Time(commit, "committedAt", $"commits[{i}].committedAt", required: false);
            recorded.Add(new CommitRecorded(sha, parents, authored, committed, repository, application, Generic, report.ReceiptId));
            i++;
        }
        return new CommitReport(repository, application, recorded);
    }

    /// <summary>
    /// The commits of Echo's re-broadcast git push (<see cref="GitPushObserved.Commits"/>, parents inferred from push
    /// order by ingest as for the gateway's GitHub and GitLab pushes). A push that lists none gives an empty report.
    /// </summary>
    public static CommitReport? FromGitPush(GitPushObserved push)
    {
        if (Repository(push) is not { } repository) return null;
        var receipt = ReceiptOf(push);
        IReadOnlyList<CommitRecorded> commits = [.. (push.Commits ?? [])
            .Where(c => !string.IsNullOrWhiteSpace(c.Sha))
            .Select(c => new CommitRecorded(c.Sha, [.. c.Parents.Where(p => p != NoCommit)], c.AuthoredAt, null, repository, null, Echo, receipt))];
        return new CommitReport(repository, null, commits);
    }

    /// <summary><c>project/slug</c> as GitHub's <c>full_name</c> and GitLab's <c>path_with_namespace</c> spell it.</summary>
    public static string? Repository(GitPushObserved push) =>
        push.RepoProject is { Length: > 0 } project && push.Slug is { Length: > 0 } slug ? $"{project}/{slug}" : null;

    public static Guid ReceiptOf(GitPushObserved push) => push.EventId;
}
