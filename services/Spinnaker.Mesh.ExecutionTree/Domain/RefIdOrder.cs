namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>
/// Orders stage refIds the way people read them: runs of digits by number, the rest ordinally, so <c>2</c> comes
/// before <c>10</c> and <c>1&lt;2</c> before <c>1&lt;10</c>. Null sorts last (orchestration stages have no refId).
/// Distinct strings never compare equal (leading zeros fall back to ordinal), so sorting with it is deterministic.
/// </summary>
internal sealed class RefIdOrder : IComparer<string?>
{
    public static readonly RefIdOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null) return x is null ? (y is null ? 0 : 1) : -1;
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var xRun = DigitRun(x, i);
                var yRun = DigitRun(y, j);
                var byNumber = CompareNumbers(xRun, yRun);
                if (byNumber != 0) return byNumber;
                i += xRun.Length;
                j += yRun.Length;
                continue;
            }
            var byChar = x[i].CompareTo(y[j]);
            if (byChar != 0) return byChar;
            i++;
            j++;
        }
        var byRest = (x.Length - i).CompareTo(y.Length - j);
        return byRest != 0 ? byRest : string.CompareOrdinal(x, y);
    }

    private static string DigitRun(string s, int start)
    {
        var end = start;
        while (end < s.Length && char.IsAsciiDigit(s[end])) end++;
        return s[start..end];
    }

    // Digit strings of any length, without overflowing: fewer significant digits is smaller.
    private static int CompareNumbers(string a, string b)
    {
        var x = a.TrimStart('0');
        var y = b.TrimStart('0');
        return x.Length != y.Length ? x.Length.CompareTo(y.Length) : string.CompareOrdinal(x, y);
    }
}
