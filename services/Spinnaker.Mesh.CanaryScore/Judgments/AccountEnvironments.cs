namespace Spinnaker.Mesh.CanaryScore.Judgments;

/// <summary>
/// Which environment a deploy account belongs to, from <c>Mesh:CanaryScore:AccountEnvironments</c> (account name →
/// environment, e.g. <c>"prod-us": "production"</c>), compared without regard to case. Read straight from the
/// configuration section, which Mesh's series settings share.
/// </summary>
internal sealed class AccountEnvironments
{
    public const string Section = "Mesh:CanaryScore:AccountEnvironments";

    private readonly Dictionary<string, string> _environments;

    public AccountEnvironments(IReadOnlyDictionary<string, string> environments) =>
        _environments = new Dictionary<string, string>(environments, StringComparer.OrdinalIgnoreCase);

    public static AccountEnvironments From(IConfiguration configuration) =>
        new(configuration.GetSection(Section).GetChildren()
            .Where(c => !string.IsNullOrWhiteSpace(c.Value))
            .ToDictionary(c => c.Key, c => c.Value!, StringComparer.OrdinalIgnoreCase));

    public static AccountEnvironments None { get; } = new(new Dictionary<string, string>());

    public string? Of(string? account) => account is not null && _environments.TryGetValue(account, out var environment) ? environment : null;
}
