using Spinnaker.Mesh.Dora.Domain.Inputs;

namespace Spinnaker.Mesh.Dora.Domain.Classification;

/// <summary>What a stage is for DORA (§3.2): deploy, rollback, verification or neither, and where it points.</summary>
internal enum StageRole { Other, Deploy, Rollback, Verification }

/// <summary>A stage with its role and target environment resolved against the settings.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Role">Its role.</param>
/// <param name="Environment">The environment its account maps to, null when unmapped.</param>
/// <param name="Production">Whether it targets production (a production environment, and not a canary the settings exclude).</param>
internal sealed record RoledStage(StageObservation Stage, StageRole Role, string? Environment, bool Production)
{
    public bool Succeeded => Stage.Status == "SUCCEEDED";
}

/// <summary>Resolves stage roles from the settings; one per application (the canary switch is per application).</summary>
internal sealed class StageRoles
{
    private readonly HashSet<string> _deploy;
    private readonly HashSet<string> _rollback;
    private readonly HashSet<string> _verification;
    private readonly HashSet<string> _production;
    private readonly IReadOnlyDictionary<string, string> _environments;
    private readonly bool _canaryIsProduction;

    public StageRoles(DoraSettings settings, string application)
    {
        _deploy = new HashSet<string>(settings.DeployStageTypes, StringComparer.Ordinal);
        _rollback = new HashSet<string>(settings.RollbackStageTypes, StringComparer.Ordinal);
        _verification = new HashSet<string>(settings.VerificationStageTypes, StringComparer.Ordinal);
        _production = new HashSet<string>(settings.ProductionEnvironments, StringComparer.Ordinal);
        _environments = settings.AccountEnvironments;
        _canaryIsProduction = settings.CanaryCatchIsFailureFor(application);
    }

    public RoledStage Resolve(StageObservation stage)
    {
        var role = stage.Type switch
        {
            { } t when _deploy.Contains(t) => StageRole.Deploy,
            { } t when _rollback.Contains(t) => StageRole.Rollback,
            { } t when _verification.Contains(t) => StageRole.Verification,
            _ => StageRole.Other,
        };
        if (role is StageRole.Other or StageRole.Verification) return new RoledStage(stage, role, null, false);
        var environment = stage.Account is { } account && _environments.TryGetValue(account, out var env) ? env : null;
        // §3.10.1: with canaryCatchIsFailure off, a canary deploy is not a production deploy (its catch is no change failure).
        var production = environment is not null && _production.Contains(environment)
                         && !(role == StageRole.Deploy && stage.IsCanary && !_canaryIsProduction);
        return new RoledStage(stage, role, environment, production);
    }

    /// <summary>A deploy or rollback stage whose account the settings do not map.</summary>
    public static bool IsUnmapped(RoledStage stage) =>
        stage.Role is StageRole.Deploy or StageRole.Rollback && stage.Environment is null && stage.Stage.Account is { Length: > 0 };
}
