using Spinnaker.Mesh.CanaryJudge.MannWhitney;
using Spinnaker.Mesh.CanaryJudge.Statistics;

namespace Spinnaker.Mesh.Benchmarks.Judge;

/// <summary>Kayenta's interval computed the way Kayenta does it (sorting the pooled sample afresh for every μ), as a baseline.</summary>
internal static class NaiveInterval
{
    public static double Run(double[] x, double[] y, double confidenceLevel)
    {
        var (muMin, muMax) = MannWhitneyTest.Bounds(x, y);
        var zq = NormalDistribution.InverseCdf((1 - confidenceLevel) / 2);
        double F(double mu, double q) => RankSumShift.NaiveDiff(mu, q, x, y);
        double Root(double q)
        {
            double lo = F(muMin, q), hi = F(muMax, q);
            if (lo <= 0) return muMin;
            if (hi >= 0) return muMax;
            return BrentSolver.Solve(muMin, muMax, lo, hi, mu => F(mu, q));
        }
        var lower = Root(-zq);
        var upper = Root(zq);
        var estimate = BrentSolver.Solve(muMin, muMax, F(muMin, 0), F(muMax, 0), mu => F(mu, 0));
        return lower + upper + estimate;
    }
}
