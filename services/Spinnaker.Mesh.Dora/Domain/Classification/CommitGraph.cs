using Spinnaker.Mesh.Dora.Domain.Inputs;

namespace Spinnaker.Mesh.Dora.Domain.Classification;

/// <summary>
/// An application's commit graph (all its repositories; shas do not collide across them), and the change set of a
/// deployment over it (§3.4): the commits reachable from the deployed sha that are not reachable from any earlier
/// successful head or the baseline, merges excluded.
/// </summary>
internal sealed class CommitGraph
{
    private readonly Dictionary<string, CommitObservation> _commits = new(StringComparer.Ordinal);

    public CommitGraph(IEnumerable<CommitObservation> commits)
    {
        // A sha pushed twice (two branches, a re-push) is one commit; keep a timed copy, chosen independently of order.
        foreach (var commit in commits.OrderBy(c => c.Time is null).ThenBy(c => c.Repository, StringComparer.Ordinal)
                     .ThenBy(c => c.Time))
            _commits.TryAdd(commit.Sha, commit);
    }

    public bool Contains(string sha) => _commits.ContainsKey(sha);

    /// <summary>
    /// The commits reachable from <paramref name="head"/> and not in <paramref name="covered"/>, which grows by them.
    /// <paramref name="covered"/> is closed under ancestry (a union of reachable sets), so the walk stops at it: each
    /// commit of the history is visited once over all the deployments of an environment. Unknown shas end the walk.
    /// </summary>
    public List<CommitObservation> Uncovered(string head, HashSet<string> covered)
    {
        var found = new List<CommitObservation>();
        var pending = new Stack<string>();
        pending.Push(head);
        while (pending.Count > 0)
        {
            var sha = pending.Pop();
            if (!covered.Add(sha)) continue;
            if (!_commits.TryGetValue(sha, out var commit)) continue;
            found.Add(commit);
            foreach (var parent in commit.Parents) pending.Push(parent);
        }
        return found;
    }
}
