namespace Spinnaker.Mesh.CanaryJudge.Statistics;

/// <summary>
/// Ranks as commons-math's <c>NaturalRanking(NaNStrategy.MAXIMAL, TiesStrategy.AVERAGE)</c> gives them: 1-based,
/// tied values share the average of their ranks (ties as Java's Double.compare sees them), NaN counts as +∞ (so it ties with +∞ and ranks highest).
/// </summary>
public static class Ranking
{
    public static double[] AverageRanks(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        var keys = new double[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            keys[i] = double.IsNaN(values[i]) ? double.PositiveInfinity : values[i];
            order[i] = i;
        }
        TotalOrder.Sort(keys, order);
        var ranks = new double[n];
        for (var start = 0; start < n;)
        {
            var end = start + 1;
            while (end < n && TotalOrder.Same(keys[end], keys[start])) end++;
            // positions start..end-1 hold ranks start+1..end; their average is (start + 1 + end) / 2
            var average = (start + 1 + end) / 2.0;
            for (var k = start; k < end; k++) ranks[order[k]] = average;
            start = end;
        }
        return ranks;
    }
}
