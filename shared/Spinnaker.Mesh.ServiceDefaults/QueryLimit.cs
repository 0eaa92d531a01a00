using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The paging policy of a list endpoint: <c>?limit=</c> from 1 to <see cref="Max"/>, <see cref="Default"/> when
/// absent, and anything else a 400 naming <c>limit</c>. Declare one per list (<c>new QueryLimit(50, 500)</c>) and
/// read the raw query value with it.
/// </summary>
/// <remarks>
/// Read from the raw string rather than bound as <c>int?</c>: a value that is not a number would otherwise fail
/// binding before the handler runs, with a message that does not say what is allowed.
/// </remarks>
public sealed record QueryLimit(int Default, int Max)
{
    public const string Parameter = "limit";

    /// <summary>The limit asked for, or <see cref="Default"/>; false for anything outside 1..<see cref="Max"/>.</summary>
    public bool TryRead(string? requested, out int limit)
    {
        limit = Default;
        if (string.IsNullOrEmpty(requested)) return true;
        return int.TryParse(requested, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit >= 1 && limit <= Max;
    }

    public ValidationProblem Invalid() => MeshProblems.InvalidField(Parameter, $"{Parameter} must be a number from 1 to {Max}.");
}
