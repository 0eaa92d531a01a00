using FluentValidation;
using Spinnaker.Mesh.Dora.Domain.Inputs;

namespace Spinnaker.Mesh.Dora.Configuration;

/// <summary>
/// <c>Mesh:Dora:Settings</c>: every tenant's settings until it PUTs its own (<c>PUT /api/dora/settings</c>). Members
/// left out keep dora.md's defaults (<see cref="DoraSettings.Default"/>); a list given here replaces the default list
/// (bound into empty lists, so configuration never appends to a default). Checked at start with the domain's
/// <see cref="DoraSettingsValidator"/>; a failure names the key, e.g. <c>Mesh:Dora:Settings:accountEnvironments:prod-use1</c>.
/// </summary>
internal sealed class DoraDefaults
{
    public const string Section = "Mesh:Dora:Settings";

    public Dictionary<string, string>? AccountEnvironments { get; set; }
    public List<string>? DeployStageTypes { get; set; }
    public List<string>? RollbackStageTypes { get; set; }
    public List<string>? VerificationStageTypes { get; set; }
    public List<string>? FailedStageStatuses { get; set; }
    public List<string>? CommitShaParameterKeys { get; set; }
    public string? HotfixParameterKey { get; set; }
    public double? IncidentAttributionWindowHours { get; set; }
    public bool? CanaryCatchIsFailure { get; set; }
    public Dictionary<string, BaselineDefault>? Baselines { get; set; }
    public Dictionary<string, List<string>>? Teams { get; set; }
    public List<string>? ProductionEnvironments { get; set; }
    public Dictionary<string, bool>? CanaryCatchIsFailureByApplication { get; set; }
    public List<string>? HotfixPatterns { get; set; }
    public string? ReleaseBranch { get; set; }
    public Dictionary<string, List<string>>? Repositories { get; set; }

    public sealed class BaselineDefault
    {
        public string? Sha { get; set; }
        public DateTimeOffset? DeployedAt { get; set; }
    }

    public DoraSettings ToSettings()
    {
        var d = DoraSettings.Default;
        return d with
        {
            AccountEnvironments = AccountEnvironments ?? d.AccountEnvironments,
            DeployStageTypes = DeployStageTypes ?? d.DeployStageTypes,
            RollbackStageTypes = RollbackStageTypes ?? d.RollbackStageTypes,
            VerificationStageTypes = VerificationStageTypes ?? d.VerificationStageTypes,
            FailedStageStatuses = FailedStageStatuses ?? d.FailedStageStatuses,
            CommitShaParameterKeys = CommitShaParameterKeys ?? d.CommitShaParameterKeys,
            HotfixParameterKey = HotfixParameterKey ?? d.HotfixParameterKey,
            IncidentAttributionWindowHours = IncidentAttributionWindowHours ?? d.IncidentAttributionWindowHours,
            CanaryCatchIsFailure = CanaryCatchIsFailure ?? d.CanaryCatchIsFailure,
            Baselines = Baselines?.ToDictionary(b => b.Key, b => new DoraBaseline(b.Value.Sha ?? "", b.Value.DeployedAt)) ?? d.Baselines,
            Teams = Teams?.ToDictionary(t => t.Key, t => (IReadOnlyList<string>)t.Value) ?? d.Teams,
            ProductionEnvironments = ProductionEnvironments ?? d.ProductionEnvironments,
            CanaryCatchIsFailureByApplication = CanaryCatchIsFailureByApplication ?? d.CanaryCatchIsFailureByApplication,
            HotfixPatterns = HotfixPatterns ?? d.HotfixPatterns,
            ReleaseBranch = ReleaseBranch ?? d.ReleaseBranch,
            Repositories = Repositories?.ToDictionary(r => r.Key, r => (IReadOnlyList<string>)r.Value) ?? d.Repositories,
        };
    }
}

/// <summary>The configured defaults pass the same checks as a PUT body.</summary>
internal sealed class DoraDefaultsValidator : AbstractValidator<DoraDefaults>
{
    public DoraDefaultsValidator()
    {
        var settings = new DoraSettingsValidator();
        RuleFor(d => d).Custom((defaults, context) =>
        {
            foreach (var failure in settings.Validate(defaults.ToSettings()).Errors) context.AddFailure(failure.PropertyName, failure.ErrorMessage);
        });
    }
}
