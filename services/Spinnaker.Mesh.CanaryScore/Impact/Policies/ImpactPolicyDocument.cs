namespace Spinnaker.Mesh.CanaryScore.Impact.Policies;

/// <summary>
/// A policy as <c>PUT /api/impact-policies/{application}</c> sends it and as configuration spells it
/// (<c>Mesh:Impact:Policies:{application}</c>): every member optional here, so that the validator can name each one
/// that is missing or wrong. Durations are <c>hh:mm:ss</c>; left out they take <see cref="DefaultSettle"/>,
/// <see cref="DefaultWindow"/> and <see cref="DefaultStep"/>.
/// </summary>
internal sealed class ImpactPolicyDocument
{
    public static readonly TimeSpan DefaultSettle = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan DefaultStep = TimeSpan.FromSeconds(30);

    /// <summary>A configured metric source; null for <c>Mesh:Impact:DefaultSource</c>.</summary>
    public string? Source { get; set; }
    public List<string>? ProductionAccounts { get; set; }
    public List<string>? ProductionNamespaces { get; set; }
    public TimeSpan? Settle { get; set; }
    public TimeSpan? Window { get; set; }
    public TimeSpan? Step { get; set; }
    public List<SliDocument>? Slis { get; set; }

    /// <summary>The policy, defaults applied; only for a document the validator accepted.</summary>
    public ImpactPolicy ToPolicy(string application) => new(
        application,
        string.IsNullOrWhiteSpace(Source) ? null : Source.Trim(),
        [.. (ProductionAccounts ?? []).Select(a => a.Trim())],
        [.. (ProductionNamespaces ?? []).Select(n => n.Trim())],
        Settle ?? DefaultSettle,
        Window ?? DefaultWindow,
        Step ?? DefaultStep,
        [.. (Slis ?? []).Select(s => new SliDefinition(
            s.Name!.Trim(), s.Query!.Trim(), s.BadDirection!.Trim().ToLowerInvariant(), s.Critical ?? false, s.AllowedChangePercent ?? 0))]);
}

/// <summary>One SLI of an <see cref="ImpactPolicyDocument"/>; <c>critical</c> defaults to false, <c>allowedChangePercent</c> to 0.</summary>
internal sealed class SliDocument
{
    public string? Name { get; set; }
    public string? Query { get; set; }
    public string? BadDirection { get; set; }
    public bool? Critical { get; set; }
    public double? AllowedChangePercent { get; set; }
}
