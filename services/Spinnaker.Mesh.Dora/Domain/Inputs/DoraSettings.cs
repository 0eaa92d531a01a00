namespace Spinnaker.Mesh.Dora.Domain.Inputs;

/// <summary>
/// A tenant's DORA settings (dora.md §3.1–§3.5, §3.10), with the defaults of dora.md. A change recomputes the figures:
/// every classification depends on them. The members after <see cref="Teams"/> are additions of ours that §3 leaves
/// open (see docs/dora.md).
/// </summary>
internal sealed record DoraSettings
{
    public static DoraSettings Default { get; } = new();

    /// <summary>Account → environment name. Unmapped accounts are not production (and are reported).</summary>
    public IReadOnlyDictionary<string, string> AccountEnvironments { get; init; } = new Dictionary<string, string>();

    /// <summary>Deploy stage types (§3.2); synthetic children count too.</summary>
    public IReadOnlyList<string> DeployStageTypes { get; init; } =
    [
        "deployManifest", "createServerGroup", "cloneServerGroup", "deploy", "deployCloudFormation",
        "deployCloudrunManifest", "deployService", "deployAppengineConfiguration",
    ];

    /// <summary>Rollback stage types (§3.2).</summary>
    public IReadOnlyList<string> RollbackStageTypes { get; init; } = ["rollbackServerGroup", "rollbackCluster", "undoRolloutManifest"];

    /// <summary>Verification stage types (§3.2): one of these failing after the production deploy fails the deployment.</summary>
    public IReadOnlyList<string> VerificationStageTypes { get; init; } = ["kayentaCanary"];

    /// <summary>Statuses of a verification stage that judge the deployment bad (§3.2 rule 6).</summary>
    public IReadOnlyList<string> FailedStageStatuses { get; init; } = ["TERMINAL", "FAILED_CONTINUE", "STOPPED"];

    /// <summary>Trigger parameters (and artifact metadata keys) that carry the deployed commit sha (§3.4 steps 3–4).</summary>
    public IReadOnlyList<string> CommitShaParameterKeys { get; init; } = ["gitSha", "GIT_COMMIT"];

    /// <summary>Trigger parameter naming the execution a hotfix deployment remediates (§3.5 S3).</summary>
    public string HotfixParameterKey { get; init; } = "remediatesExecutionId";

    /// <summary>How long after a deployment an unlinked change incident is still blamed on it (§3.5 S4).</summary>
    public double IncidentAttributionWindowHours { get; init; } = 24;

    /// <summary>Whether a canary caught in production is a change failure (§3.10.1); false makes canary deploys non-production.</summary>
    public bool CanaryCatchIsFailure { get; init; } = true;

    /// <summary>Application → the version running before the first observed deployment (§3.4).</summary>
    public IReadOnlyDictionary<string, DoraBaseline> Baselines { get; init; } = new Dictionary<string, DoraBaseline>();

    /// <summary>Team → its applications, for the team roll-up.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Teams { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Environment names that are production; several may be (every figure can be sliced by environment).</summary>
    public IReadOnlyList<string> ProductionEnvironments { get; init; } = ["production"];

    /// <summary>The per-application form of <see cref="CanaryCatchIsFailure"/> (§3.10.1 calls it a per-application switch).</summary>
    public IReadOnlyDictionary<string, bool> CanaryCatchIsFailureByApplication { get; init; } = new Dictionary<string, bool>();

    /// <summary>Globs (<c>*</c> any run of characters) on the pipeline name or trigger branch that mark a hotfix (§3.5 S3), e.g. <c>hotfix/*</c>.</summary>
    public IReadOnlyList<string> HotfixPatterns { get; init; } = [];

    /// <summary>The branch whose <c>buildInfo.scm[]</c> entry names the deployed sha (§3.4 step 2); null takes the first.</summary>
    public string? ReleaseBranch { get; init; }

    /// <summary>
    /// Repository (GitHub <c>full_name</c>, GitLab <c>path_with_namespace</c>, case-insensitive) → the applications it
    /// builds: where the commits of GitHub and GitLab pushes (and Echo's git events) belong. The generic commits webhook
    /// names its application itself.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Repositories { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The applications <paramref name="repository"/> is mapped to (none when unmapped).</summary>
    public IReadOnlyList<string> ApplicationsOf(string repository) =>
        [.. Repositories.Where(r => string.Equals(r.Key, repository, StringComparison.OrdinalIgnoreCase))
            .SelectMany(r => r.Value ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The repositories mapped to <paramref name="application"/>.</summary>
    public IReadOnlyList<string> RepositoriesOf(string application) =>
        [.. Repositories.Where(r => r.Value?.Contains(application) == true).Select(r => r.Key.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public bool CanaryCatchIsFailureFor(string application) =>
        CanaryCatchIsFailureByApplication.TryGetValue(application, out var value) ? value : CanaryCatchIsFailure;
}

/// <summary>The version running before the first observed deployment, and since when (null: since before any).</summary>
internal sealed record DoraBaseline(string Sha, DateTimeOffset? DeployedAt);
