namespace Spinnaker.Mesh.Rollback.Policies;

/// <summary>
/// A tenant's own policy for one application, as its last <c>PUT</c> stored it: one Marten document per tenant and
/// application (conjoined tenancy; the id is the normalized application name). Parameters are stored as a list of
/// name/value pairs so their names keep their case whatever the store's naming policy does to dictionary keys.
/// </summary>
internal sealed class StoredRollbackPolicy
{
    public string Id { get; set; } = "";
    public bool Enabled { get; set; }
    public string Mode { get; set; } = "";
    public List<string> Triggers { get; set; } = [];
    public string RollbackApplication { get; set; } = "";
    public string RollbackPipeline { get; set; } = "";
    public List<StoredParameter> Parameters { get; set; } = [];
    public int CooldownMinutes { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public sealed record StoredParameter(string Name, string Value);

    public static StoredRollbackPolicy Of(RollbackPolicy policy, DateTimeOffset now) => new()
    {
        Id = policy.Application,
        Enabled = policy.Enabled,
        Mode = policy.Mode,
        Triggers = [.. policy.Triggers],
        RollbackApplication = policy.RollbackPipeline.Application,
        RollbackPipeline = policy.RollbackPipeline.PipelineNameOrId,
        Parameters = [.. policy.RollbackPipeline.Parameters.Select(p => new StoredParameter(p.Key, p.Value))],
        CooldownMinutes = policy.CooldownMinutes,
        UpdatedAt = now,
    };

    public RollbackPolicy ToPolicy() => new(Id, Enabled, Mode, Triggers,
        new RollbackPipelineReference(RollbackApplication, RollbackPipeline, Parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)),
        CooldownMinutes);
}
