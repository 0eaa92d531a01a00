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

    /// <summary>Sorts ascending in this order: the native sort, then −0.0 moved before 0.0 within the zero run.</summary>
    public static void Sort(double[] values)
    {
        Array.Sort(values);
        var (start, end) = ZeroRun(values);
        var negatives = 0;
        for (var i = start; i < end; i++)
            if (double.IsNegative(values[i])) negatives++;
        for (var i = start; i < end; i++) values[i] = i - start < negatives ? -0.0 : 0.0;
    }

    /// <summary>Sorts keys ascending in this order, carrying the items along.</summary>
    public static void Sort(double[] keys, int[] items)
    {
        Array.Sort(keys, items);
        var (start, end) = ZeroRun(keys);
        // Stable partition of the zero run: negative zeros first.
        var negKeys = new List<int>();
        var posKeys = new List<int>();
        for (var i = start; i < end; i++) (double.IsNegative(keys[i]) ? negKeys : posKeys).Add(items[i]);
        var k = start;
        foreach (var item in negKeys) { keys[k] = -0.0; items[k++] = item; }
        foreach (var item in posKeys) { keys[k] = 0.0; items[k++] = item; }
    }

    private static (int Start, int End) ZeroRun(double[] sorted)
    {
        var start = Array.BinarySearch(sorted, 0.0);
        if (start < 0) return (0, 0);
        var end = start;
        while (start > 0 && sorted[start - 1] == 0) start--;
        while (end < sorted.Length && sorted[end] == 0) end++;
        return (start, end);
    }

    public static bool Same(double a, double b) => a == b && (a != 0 || double.IsNegative(a) == double.IsNegative(b));

    public static bool Less(double a, double b) => a < b || (a == 0 && b == 0 && double.IsNegative(a) && !double.IsNegative(b));
}
