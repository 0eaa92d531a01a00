using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Ingest.Normalization;

/// <summary>
/// The commits of a GitHub or GitLab push (<c>commits[]</c> with <c>id</c> and <c>timestamp</c>), with parents inferred
/// from push order (see <see cref="GitCommitInfo.Parents"/>). Entries without an id are skipped.
/// </summary>
internal static partial class GitCommits
{
    public static IReadOnlyList<GitCommitInfo>? Read(JsonElement? push, string? before)
    {
        var commits = new List<GitCommitInfo>();
        // A new branch's "before" is all zeros: its first commit's parent is not known from the push.
        var previous = before is not null && !AllZeros().IsMatch(before) ? before : null;
        foreach (var commit in push.Items("commits"))
        {
            if (commit.Str("id") is not { } sha) continue;
            commits.Add(new GitCommitInfo(sha, previous is null ? [] : [previous], AuthoredAt(commit.Str("timestamp"))));
            previous = sha;
        }
        return commits.Count == 0 ? null : commits;
    }

    /// <summary>A time with its offset; a time without one is not guessed (an assumed UTC is how lead times go wrong).</summary>
    private static DateTimeOffset? AuthoredAt(string? timestamp) =>
        timestamp is not null && WithOffset().IsMatch(timestamp)
        && DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : null;

    [GeneratedRegex("^0+$")]
    private static partial Regex AllZeros();

    [GeneratedRegex(@"T.*(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex WithOffset();
}
