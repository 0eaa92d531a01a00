namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>The figures behind a regression found by <see cref="RegressionRule"/>.</summary>
/// <param name="Ratio">Recent median over baseline median.</param>
/// <param name="PValue">One-sided exact Mann–Whitney p-value for "recent runs are slower".</param>
internal sealed record RegressionVerdict(int BaselineCount, int RecentCount, double BaselineMedianMs, double RecentMedianMs, double Ratio, double PValue);
