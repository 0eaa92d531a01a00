using System.Text.RegularExpressions;
using Spinnaker.Mesh.Dora.Domain.Inputs;

namespace Spinnaker.Mesh.Dora.Domain.Classification;

/// <summary>
/// S3 (§3.5): a later successful deployment that declares it remediates <c>D</c> (the trigger parameter
/// <c>hotfixParameterKey</c> names D's execution id), or that matches a hotfix pattern (pipeline name or trigger
/// branch) without naming one, which then marks the immediately preceding change in its environment.
/// </summary>
internal static class HotfixSignals
{
    public static void Apply(IReadOnlyList<DeploymentUnit> ordered, DoraSettings settings)
    {
        var patterns = settings.HotfixPatterns.Select(p => (Pattern: p, Regex: Glob(p))).ToList();
        foreach (var hotfix in ordered.Where(u => u.Classification == DeploymentClasses.SuccessfulProductionDeployment))
        {
            var trigger = hotfix.Execution.Trigger;
            if (trigger.Parameters.TryGetValue(settings.HotfixParameterKey, out var declared) && !string.IsNullOrWhiteSpace(declared))
            {
                var id = declared.Trim();
                var targets = ordered.Where(u => u.IsChange && u.ExecutionId == id && u.Time < hotfix.Time).ToList();
                var here = targets.Where(u => u.Environment == hotfix.Environment).ToList();
                foreach (var target in here.Count > 0 ? here : targets)
                    Mark(target, hotfix, $"hotfix {hotfix.ExecutionId} declares {settings.HotfixParameterKey}={id}");
                continue;
            }

            var matched = patterns.FirstOrDefault(p =>
                (hotfix.Execution.PipelineName is { } name && p.Regex.IsMatch(name)) || (trigger.Branch is { } branch && p.Regex.IsMatch(branch)));
            if (matched.Pattern is null) continue;
            var preceding = ordered.LastOrDefault(u => u.IsChange && u.Environment == hotfix.Environment && u.Time < hotfix.Time);
            if (preceding is not null)
                Mark(preceding, hotfix, $"hotfix {hotfix.ExecutionId} matches '{matched.Pattern}' and is the next deployment after this one");
        }
    }

    private static void Mark(DeploymentUnit target, DeploymentUnit hotfix, string description)
    {
        hotfix.Remediates = target.ExecutionId;
        hotfix.RemediationKind = RemediationKinds.Hotfix;
        target.Signals.Add(new FailureSignal(FailureSignals.Hotfix, new FailureEvidence(description,
            RemediationExecutionId: hotfix.ExecutionId, SecondsAfterDeployment: VersionHistoryWalk.Seconds(hotfix.Time - target.Time))));
        target.Remediations.Add((hotfix.Time, RecoveryBases.Hotfix, hotfix.ExecutionId));
    }

    /// <summary><c>*</c> matches any run of characters; everything else literally, whole string, case-sensitive.</summary>
    private static Regex Glob(string pattern) =>
        new("^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant);
}
