using System.Text.RegularExpressions;
using Spinnaker.Mesh.Dora.Domain.Inputs;

namespace Spinnaker.Mesh.Dora.Domain.Classification;

/// <summary>Resolves the deployed commit sha (§3.4, first non-empty wins) and the version compared by §3.2 rules 7–8.</summary>
internal static partial class DeployedVersions
{
    /// <summary>How deep <c>trigger.parentExecution.trigger</c> is followed; Spinnaker nests child pipelines a few levels at most.</summary>
    private const int MaxParentDepth = 16;

    /// <summary>
    /// 1. git trigger hash; 2. CI <c>buildInfo.scm[]</c> (release branch, else first); 3. trigger parameters named by
    /// <c>commitShaParameterKeys</c>; 4. artifacts (trigger, then the production deploy stages' bound ones): a
    /// <c>git/*</c> or <c>github/file</c> version, a metadata key of <c>commitShaParameterKeys</c>, a docker image tag
    /// that is a full sha; 5. the parent pipeline's trigger, recursively; 6. unknown.
    /// </summary>
    public static string? Sha(TriggerObservation trigger, IEnumerable<StageObservation> productionDeploys, DoraSettings settings)
    {
        var stageArtifacts = productionDeploys.SelectMany(s => s.Artifacts ?? []).ToList();
        var current = trigger;
        for (var depth = 0; current is not null && depth <= MaxParentDepth; depth++)
        {
            if (FromTrigger(current, settings) is { } sha) return sha;
            if (depth == 0 && FromArtifacts(stageArtifacts, settings) is { } staged) return staged;
            current = string.Equals(current.Type, "pipeline", StringComparison.OrdinalIgnoreCase) ? current.Parent : null;
        }
        return null;
    }

    /// <summary>The sha, else the sorted deployed artifact references (digest over tag; manifests as <c>reference@version</c>).</summary>
    public static string? Version(string? sha, TriggerObservation trigger, IEnumerable<StageObservation> productionDeploys)
    {
        if (sha is not null) return sha;
        var references = productionDeploys.SelectMany(s => s.Artifacts ?? []).Concat(trigger.Artifacts)
            .Select(Reference).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return references.Count == 0 ? null : string.Join(",", references);
    }

    private static string? FromTrigger(TriggerObservation trigger, DoraSettings settings)
    {
        if (string.Equals(trigger.Type, "git", StringComparison.OrdinalIgnoreCase) && Present(trigger.Hash)) return trigger.Hash;
        if (trigger.Scm.Count > 0)
        {
            var release = settings.ReleaseBranch is { } branch ? trigger.Scm.FirstOrDefault(s => s.Branch == branch) : null;
            if ((release ?? trigger.Scm[0]).Sha1 is { Length: > 0 } scm) return scm;
        }
        foreach (var key in settings.CommitShaParameterKeys)
            if (trigger.Parameters.TryGetValue(key, out var value) && Present(value)) return value.Trim();
        return FromArtifacts(trigger.Artifacts, settings);
    }

    private static string? FromArtifacts(IReadOnlyList<ArtifactObservation> artifacts, DoraSettings settings)
    {
        foreach (var artifact in artifacts)
            if ((artifact.Type.StartsWith("git/", StringComparison.Ordinal) || artifact.Type == "github/file") && IsSha(artifact.Version))
                return artifact.Version;
        foreach (var artifact in artifacts)
            foreach (var key in settings.CommitShaParameterKeys)
                if (artifact.Metadata.TryGetValue(key, out var value) && IsSha(value)) return value;
        foreach (var artifact in artifacts)
            if (artifact.Type == "docker/image" && FullSha().IsMatch(artifact.Version ?? "")) return artifact.Version;
        return null;
    }

    private static string? Reference(ArtifactObservation artifact) => artifact.Type == "docker/image"
        ? artifact.Reference ?? (artifact.Name is null ? null : $"{artifact.Name}:{artifact.Version}")
        : (artifact.Reference ?? artifact.Name) is { } name ? $"{name}@{artifact.Version}" : null;

    private static bool Present(string? value) => !string.IsNullOrWhiteSpace(value);

    private static bool IsSha(string? value) => value is not null && AnySha().IsMatch(value);

    [GeneratedRegex("^[0-9a-f]{7,40}$")]
    private static partial Regex AnySha();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex FullSha();
}
