namespace Spinnaker.Mesh.CanaryJudge.Statistics;

/// <summary>
/// Java's <c>Double.compare</c> order, which commons-math's ranking uses: −0.0 sorts before 0.0 and the two do not
/// tie (.NET's <c>CompareTo</c> calls them equal). NaN never reaches these comparisons (ranked as +∞ beforehand).
/// </summary>
internal sealed class TotalOrder : IComparer<double>
{
    public static readonly TotalOrder Instance = new();

    public int Compare(double a, double b)
    {
        var c = a.CompareTo(b);
        if (c != 0 || a != 0) return c;
        return double.IsNegative(b).CompareTo(double.IsNegative(a));
    }

    public static bool Same(double a, double b) => a == b && (a != 0 || double.IsNegative(a) == double.IsNegative(b));

    public static bool Less(double a, double b) => a < b || (a == 0 && b == 0 && double.IsNegative(a) && !double.IsNegative(b));
}
