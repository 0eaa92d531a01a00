using System.Text.RegularExpressions;

namespace Spinnaker.Mesh.CanaryScore.Judgments;

/// <summary>
/// The service (cluster) a canary run tested, read from a scope name: Frigga's server-group version suffix
/// (<c>-v\d{3,}</c>, e.g. <c>checkout-api-canary-v012</c>) is removed, then a trailing <c>-canary</c>, so the canary and
/// its baseline, and every deploy of them, name one service: <c>checkout-api</c>. Kubernetes scopes such as
/// <c>deployment checkout-api-canary</c> keep only the name after the kind.
/// </summary>
internal static partial class CanaryService
{
    [GeneratedRegex(@"-v\d{3,}$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionSuffix();

    public static string? FromScope(string? scope)
    {
        if (string.IsNullOrWhiteSpace(scope)) return null;
        var name = scope.Trim();
        if (name.LastIndexOf(' ') is var space and >= 0) name = name[(space + 1)..];
        name = VersionSuffix().Replace(name, "");
        if (name.EndsWith("-canary", StringComparison.OrdinalIgnoreCase)) name = name[..^"-canary".Length];
        return name.Length == 0 ? null : name;
    }
}
