namespace Spinnaker.Mesh.Dora.Domain.Inputs;

/// <summary>
/// One commit of an application's history (from GitHub/GitLab pushes, the generic commits webhook or Echo's git
/// events). Times keep their offset: the lead time is computed between instants, so <c>10:00+02:00</c> is 08:00 UTC.
/// </summary>
/// <param name="Sha">Commit sha.</param>
/// <param name="Parents">Parent shas; two or more make a merge commit, which is never a change of its own.</param>
/// <param name="AuthoredAt">Author time with its offset (survives rebases and cherry-picks).</param>
/// <param name="Repository">Repository the commit was pushed to.</param>
/// <param name="Application">Spinnaker application the repository belongs to.</param>
/// <param name="CommittedAt">Committer time: the fallback when no author time is known.</param>
internal sealed record CommitObservation(
    string Sha,
    IReadOnlyList<string> Parents,
    DateTimeOffset? AuthoredAt,
    string Repository,
    string Application,
    DateTimeOffset? CommittedAt = null)
{
    public bool IsMerge => Parents.Count > 1;

    /// <summary>The commit time lead time is measured from (§3.4): author time, else committer time.</summary>
    public DateTimeOffset? Time => AuthoredAt ?? CommittedAt;
}
