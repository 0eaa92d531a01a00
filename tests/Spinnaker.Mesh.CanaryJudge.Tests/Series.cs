namespace Spinnaker.Mesh.CanaryJudge.Tests;

/// <summary>Deterministic test series: normal noise around a level.</summary>
public static class Series
{
    public static double[] Normal(int count, double mean, double sd, int seed)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            // Box–Muller
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = mean + sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        return values;
    }

    public static double[] Constant(int count, double value) => Enumerable.Repeat(value, count).ToArray();

    public static double[] WithNaNAt(double[] values, params int[] indexes)
    {
        var copy = (double[])values.Clone();
        foreach (var i in indexes) copy[i] = double.NaN;
        return copy;
    }
}
