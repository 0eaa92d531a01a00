namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>
/// One-sided Mann–Whitney U test (Wilcoxon rank-sum), exact. Under the null hypothesis every way of choosing which
/// of the pooled values belong to the first sample is equally likely; the p-value is the share of those choices whose
/// rank sum is at least the observed one. Ties get mid-ranks and the enumeration uses the same mid-ranks, so ties are
/// handled exactly instead of by a variance correction. The choices are counted, not listed, by dynamic programming
/// over (values seen, values chosen, rank sum), which is cheap for the sample sizes of the regression rule
/// (C(35, 5) = 324,632 choices).
/// </summary>
internal static class RankSumTest
{
    /// <summary>P(rank sum of a random <paramref name="higher"/>-sized subset ≥ the observed one): small when <paramref name="higher"/> tends to be larger.</summary>
    public static double PValueGreater(IReadOnlyList<double> higher, IReadOnlyList<double> lower)
    {
        var n = higher.Count + lower.Count;
        var k = higher.Count;
        if (k == 0 || lower.Count == 0) return 1;

        var pooled = higher.Select(v => (Value: v, Higher: true)).Concat(lower.Select(v => (Value: v, Higher: false)))
            .OrderBy(p => p.Value).ToList();
        var doubledRanks = DoubledMidRanks(pooled.Select(p => p.Value).ToList());
        var observed = 0;
        for (var i = 0; i < n; i++)
            if (pooled[i].Higher) observed += doubledRanks[i];

        // ways[j][s]: subsets of j values among those seen so far whose doubled ranks sum to s.
        var maxSum = doubledRanks.Sum();
        var ways = new double[k + 1, maxSum + 1];
        ways[0, 0] = 1;
        foreach (var rank in doubledRanks)
            for (var j = k; j >= 1; j--)
                for (var s = maxSum; s >= rank; s--)
                    ways[j, s] += ways[j - 1, s - rank];

        double atLeast = 0, total = 0;
        for (var s = 0; s <= maxSum; s++)
        {
            total += ways[k, s];
            if (s >= observed) atLeast += ways[k, s];
        }
        return atLeast / total;
    }

    /// <summary>Ranks 1..n of sorted values, tied values sharing their mean rank; doubled so they stay integers.</summary>
    private static int[] DoubledMidRanks(IReadOnlyList<double> sorted)
    {
        var ranks = new int[sorted.Count];
        for (var first = 0; first < sorted.Count;)
        {
            var last = first;
            while (last + 1 < sorted.Count && sorted[last + 1] == sorted[first]) last++;
            // Mean of ranks first+1 .. last+1, doubled.
            for (var i = first; i <= last; i++) ranks[i] = first + 1 + last + 1;
            first = last + 1;
        }
        return ranks;
    }
}
