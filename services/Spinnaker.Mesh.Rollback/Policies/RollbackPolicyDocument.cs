namespace Spinnaker.Mesh.Rollback.Policies;

/// <summary>
/// A policy as <c>PUT /api/rollback-policies/{application}</c> takes it and as <c>Mesh:Rollback:Policies:{application}</c>
/// configures it: every member nullable, so the validator can name what is missing. <c>enabled</c> left out is true,
/// <c>cooldownMinutes</c> left out is <see cref="DefaultCooldownMinutes"/>, <c>parameters</c> left out are none;
/// <c>mode</c>, <c>triggers</c> and the pipeline are required (Mesh never chooses <c>auto</c> for anyone).
/// </summary>
internal sealed class RollbackPolicyDocument
{
    public const int DefaultCooldownMinutes = 30;
    /// <summary>One week.</summary>
    public const int MaxCooldownMinutes = 10080;

    public bool? Enabled { get; set; }
    public string? Mode { get; set; }
    public List<string?>? Triggers { get; set; }
    public RollbackPipelineDocument? RollbackPipeline { get; set; }
    public int? CooldownMinutes { get; set; }

    /// <summary>The policy, once <see cref="RollbackPolicyValidator"/> accepted this document.</summary>
    public RollbackPolicy ToPolicy(string application) => new(
        RollbackPolicyApplication.Normalize(application),
        Enabled ?? true,
        Mode!,
        [.. Triggers!.Select(t => t!)],
        new RollbackPipelineReference(
            RollbackPipeline!.Application!.Trim(),
            RollbackPipeline.PipelineNameOrId!.Trim(),
            (RollbackPipeline.Parameters ?? []).ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal)),
        CooldownMinutes ?? DefaultCooldownMinutes);
}

internal sealed class RollbackPipelineDocument
{
    public string? Application { get; set; }
    public string? PipelineNameOrId { get; set; }
    public Dictionary<string, string?>? Parameters { get; set; }
}

/// <summary>Spinnaker application names are case-insensitive (Front50 keeps them upper case, Gate and Echo send them lower case).</summary>
internal static partial class RollbackPolicyApplication
{
    public static string Normalize(string application) => application.Trim().ToLowerInvariant();

    public static bool IsValid(string? application) => application is not null && Name().IsMatch(application.Trim());

    public const string Rule = "must be a Spinnaker application name (letters, digits, '.', '_', '-'; at most 255)";

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$")]
    private static partial System.Text.RegularExpressions.Regex Name();
}
