using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.Extensions.Options;
using Spinnaker.Mesh.CanaryScore.Impact.Sources;

namespace Spinnaker.Mesh.CanaryScore.Impact.Policies;

/// <summary>
/// What makes an <see cref="ImpactPolicyDocument"/> acceptable before any query reaches a source. Each failure names
/// the member as the body spells it (<c>source</c>, <c>settle</c>, <c>slis[0].query</c>); configuration prefixes it
/// with <c>Policies.{application}.</c>.
/// </summary>
internal static partial class ImpactPolicyRules
{
    public const int MaxSlis = 50;
    public const int MaxNameLength = 200;
    public const int MaxQueryLength = 10_000;
    public const double MaxAllowedChangePercent = 1000;
    /// <summary>Prometheus' own limit of points per series in one <c>query_range</c>.</summary>
    public const int MaxPointsPerWindow = 11_000;
    public static readonly TimeSpan MaxSettle = TimeSpan.FromDays(1);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(7);
    public static readonly TimeSpan MinStep = TimeSpan.FromSeconds(1);

    /// <summary>Spinnaker application names: letters, digits, '.', '_' and '-'.</summary>
    public static bool IsApplicationName(string? application) => application is { Length: > 0 and <= 255 } && ApplicationName().IsMatch(application);

    public static void Check(ImpactPolicyDocument policy, MetricSourcesOptions sources, Action<string, string> fail)
    {
        CheckSource(policy.Source, sources, fail);
        CheckProduction(policy, fail);
        CheckDurations(policy, fail);
        CheckSlis(policy.Slis, fail);
    }

    private static void CheckSource(string? source, MetricSourcesOptions sources, Action<string, string> fail)
    {
        var configured = string.Join(", ", sources.Sources.Keys.Order(StringComparer.Ordinal));
        if (sources.Sources.Count == 0)
            fail("source", $"no metric source is configured ({MetricSourcesOptions.Section}:Sources:{{name}}:Url): there is nothing to assess deployments against");
        else if (!string.IsNullOrWhiteSpace(source) && sources.Find(source.Trim()) is null)
            fail("source", $"'{source}' is not a configured metric source (configured: {configured})");
        else if (string.IsNullOrWhiteSpace(source) && sources.EffectiveDefault is null)
            fail("source", $"is required: no default metric source is configured ({MetricSourcesOptions.Section}:DefaultSource); name one of {configured}");
    }

    private static void CheckProduction(ImpactPolicyDocument policy, Action<string, string> fail)
    {
        if ((policy.ProductionAccounts?.Count ?? 0) + (policy.ProductionNamespaces?.Count ?? 0) == 0)
        {
            const string message = "list at least one production account or namespace: deploys to them are the ones assessed";
            fail("productionAccounts", message);
            fail("productionNamespaces", message);
        }
        NonBlank(policy.ProductionAccounts, "productionAccounts", fail);
        NonBlank(policy.ProductionNamespaces, "productionNamespaces", fail);
    }

    private static void NonBlank(List<string>? values, string field, Action<string, string> fail)
    {
        for (var i = 0; i < (values?.Count ?? 0); i++)
            if (string.IsNullOrWhiteSpace(values![i])) fail($"{field}[{i}]", "must not be blank");
    }

    private static void CheckDurations(ImpactPolicyDocument policy, Action<string, string> fail)
    {
        var settle = policy.Settle ?? ImpactPolicyDocument.DefaultSettle;
        var window = policy.Window ?? ImpactPolicyDocument.DefaultWindow;
        var step = policy.Step ?? ImpactPolicyDocument.DefaultStep;
        if (settle <= TimeSpan.Zero || settle > MaxSettle) fail("settle", $"must be more than 00:00:00 and at most {MaxSettle} (was {settle})");
        var windowValid = window > TimeSpan.Zero && window <= MaxWindow;
        if (!windowValid) fail("window", $"must be more than 00:00:00 and at most {MaxWindow} (was {window})");
        if (step < MinStep) fail("step", $"must be at least {MinStep} (was {step})");
        else if (windowValid && step > window) fail("step", $"must not be longer than window ({window}) (was {step})");
        else if (windowValid && window / step > MaxPointsPerWindow)
            fail("step", $"is too short for window {window}: at most {MaxPointsPerWindow:N0} points per window (Prometheus' limit)");
    }

    private static void CheckSlis(List<SliDocument>? slis, Action<string, string> fail)
    {
        if (slis is null || slis.Count == 0) { fail("slis", "list at least one SLI: the indicators compared before and after a deploy"); return; }
        if (slis.Count > MaxSlis) fail("slis", $"at most {MaxSlis} SLIs (was {slis.Count})");
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < slis.Count; i++)
        {
            var field = $"slis[{i}]";
            var sli = slis[i];
            if (sli is null) { fail(field, "must be an SLI object"); continue; }
            if (string.IsNullOrWhiteSpace(sli.Name)) fail($"{field}.name", "is required, e.g. p99 latency");
            else if (sli.Name.Trim().Length > MaxNameLength) fail($"{field}.name", $"must be at most {MaxNameLength} characters");
            else if (!names.TryAdd(sli.Name.Trim(), i)) fail($"{field}.name", $"'{sli.Name.Trim()}' is also the name of slis[{names[sli.Name.Trim()]}]; names must be unique");

            CheckQuery(sli.Query, $"{field}.query", fail);

            if (string.IsNullOrWhiteSpace(sli.BadDirection)) fail($"{field}.badDirection", $"is required: '{BadDirections.Increase}' or '{BadDirections.Decrease}'");
            else if (sli.BadDirection.Trim().ToLowerInvariant() is not (BadDirections.Increase or BadDirections.Decrease))
                fail($"{field}.badDirection", $"must be '{BadDirections.Increase}' (a rise is a degradation) or '{BadDirections.Decrease}' (a fall is), was '{sli.BadDirection}'");

            if (sli.AllowedChangePercent is { } allowed && (!double.IsFinite(allowed) || allowed < 0 || allowed > MaxAllowedChangePercent))
                fail($"{field}.allowedChangePercent", $"must be between 0 and {MaxAllowedChangePercent} (was {allowed})");
        }
    }

    private static void CheckQuery(string? query, string field, Action<string, string> fail)
    {
        if (string.IsNullOrWhiteSpace(query)) { fail(field, "is required: the PromQL of the indicator"); return; }
        if (query.Length > MaxQueryLength) { fail(field, $"must be at most {MaxQueryLength:N0} characters"); return; }
        var unknown = SliQuery.PlaceholdersIn(query).Where(p => !SliQuery.Known.Contains(p)).ToList();
        if (unknown.Count > 0)
            fail(field, $"unknown placeholder {string.Join(", ", unknown.Select(p => "${" + p + "}"))}; a query may use {string.Join(", ", SliQuery.Known.Select(p => "${" + p + "}"))}");
        else if (SliQuery.HasUnterminatedPlaceholder(query))
            fail(field, "has a '${' that is never closed; placeholders read ${application}");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex ApplicationName();
}

/// <summary>The body of <c>PUT /api/impact-policies/{application}</c>.</summary>
internal sealed class ImpactPolicyDocumentValidator : AbstractValidator<ImpactPolicyDocument>
{
    public ImpactPolicyDocumentValidator(IOptions<MetricSourcesOptions> sources) =>
        RuleFor(p => p).Custom((policy, context) => ImpactPolicyRules.Check(policy, sources.Value, context.AddFailure));
}
