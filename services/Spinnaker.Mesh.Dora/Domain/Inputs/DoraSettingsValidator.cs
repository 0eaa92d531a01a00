using System.Text.RegularExpressions;
using FluentValidation;

namespace Spinnaker.Mesh.Dora.Domain.Inputs;

/// <summary>
/// Checks <see cref="DoraSettings"/>. Every error names the field as the settings body spells it, down to the entry:
/// <c>accountEnvironments.prod-use1</c>, <c>deployStageTypes[2]</c>, <c>baselines.checkout.sha</c>, <c>teams.payments[0]</c>.
/// </summary>
internal sealed partial class DoraSettingsValidator : AbstractValidator<DoraSettings>
{
    public const double MaxAttributionWindowHours = 720;

    /// <summary>Completed statuses that are not a success: the only ones a verification stage can fail with.</summary>
    private static readonly HashSet<string> FailureStatuses = new(StringComparer.Ordinal) { "TERMINAL", "FAILED_CONTINUE", "STOPPED", "CANCELED" };

    public DoraSettingsValidator()
    {
        RuleFor(s => s).Custom((s, context) =>
        {
            void Fail(string field, string message) => context.AddFailure(field, message);

            Entries(s.AccountEnvironments, "accountEnvironments", Fail, (account, environment, field) =>
            {
                if (!EnvironmentName().IsMatch(environment ?? ""))
                    Fail(field, $"account '{account}' must map to an environment name (letters, digits, '.', '_', '-')");
            });
            NonBlankList(s.DeployStageTypes, "deployStageTypes", Fail, required: true);
            NonBlankList(s.RollbackStageTypes, "rollbackStageTypes", Fail, required: false);
            NonBlankList(s.VerificationStageTypes, "verificationStageTypes", Fail, required: false);
            for (var i = 0; i < (s.RollbackStageTypes?.Count ?? 0); i++)
                if (s.DeployStageTypes?.Contains(s.RollbackStageTypes![i]) == true)
                    Fail($"rollbackStageTypes[{i}]", $"'{s.RollbackStageTypes![i]}' is also a deploy stage type; a stage type is one or the other");

            if (s.FailedStageStatuses is null) Fail("failedStageStatuses", "is required");
            else
                for (var i = 0; i < s.FailedStageStatuses.Count; i++)
                    if (!FailureStatuses.Contains(s.FailedStageStatuses[i] ?? ""))
                        Fail($"failedStageStatuses[{i}]", $"'{s.FailedStageStatuses[i]}' is not a failed stage status; use {string.Join(", ", FailureStatuses.Order(StringComparer.Ordinal))}");

            NonBlankList(s.CommitShaParameterKeys, "commitShaParameterKeys", Fail, required: false);
            if (string.IsNullOrWhiteSpace(s.HotfixParameterKey)) Fail("hotfixParameterKey", "must name a trigger parameter");
            if (!double.IsFinite(s.IncidentAttributionWindowHours) || s.IncidentAttributionWindowHours <= 0
                || s.IncidentAttributionWindowHours > MaxAttributionWindowHours)
                Fail("incidentAttributionWindowHours", $"must be more than 0 and at most {MaxAttributionWindowHours} hours");

            Entries(s.Baselines, "baselines", Fail, (_, baseline, field) =>
            {
                if (baseline is null) Fail(field, "must give sha and deployedAt");
                else if (!Sha().IsMatch(baseline.Sha ?? "")) Fail($"{field}.sha", "must be a commit sha (7 to 40 hex digits)");
            });
            Entries(s.Teams, "teams", Fail, (_, applications, field) =>
            {
                if (applications is null || applications.Count == 0) Fail(field, "must list at least one application");
                else NonBlankList(applications, field, Fail, required: true);
            });

            NonBlankList(s.ProductionEnvironments, "productionEnvironments", Fail, required: true);
            Entries(s.CanaryCatchIsFailureByApplication, "canaryCatchIsFailureByApplication", Fail, (_, _, _) => { });
            NonBlankList(s.HotfixPatterns, "hotfixPatterns", Fail, required: false);
            Entries(s.Repositories, "repositories", Fail, (_, applications, field) =>
            {
                if (applications is null || applications.Count == 0) Fail(field, "must list at least one application");
                else NonBlankList(applications, field, Fail, required: true);
            });
            if (s.ReleaseBranch is not null && string.IsNullOrWhiteSpace(s.ReleaseBranch)) Fail("releaseBranch", "must be null or a branch name");
        });
    }

    private static void NonBlankList(IReadOnlyList<string>? values, string field, Action<string, string> fail, bool required)
    {
        if (values is null) { fail(field, "is required"); return; }
        if (required && values.Count == 0) fail(field, "must list at least one value");
        for (var i = 0; i < values.Count; i++)
            if (string.IsNullOrWhiteSpace(values[i])) fail($"{field}[{i}]", "must not be blank");
    }

    private static void Entries<T>(IReadOnlyDictionary<string, T>? map, string field, Action<string, string> fail, Action<string, T, string> check)
    {
        if (map is null) { fail(field, "is required"); return; }
        foreach (var (key, value) in map.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (string.IsNullOrWhiteSpace(key)) fail($"{field}.{key}", "keys must not be blank");
            else check(key, value, $"{field}.{key}");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex("^[0-9a-fA-F]{7,40}$")]
    private static partial Regex Sha();
}
