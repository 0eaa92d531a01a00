namespace Spinnaker.Mesh.CanaryJudge.Cleaning;

/// <summary>Kayenta's series transforms (<c>Transforms.scala</c>).</summary>
public static class Transforms
{
    public static double[] RemoveNaNs(ReadOnlySpan<double> data)
    {
        var kept = new List<double>(data.Length);
        foreach (var v in data)
            if (!double.IsNaN(v)) kept.Add(v);
        return [.. kept];
    }

    public static double[] ReplaceNaNs(ReadOnlySpan<double> data, double value = 0.0)
    {
        var result = data.ToArray();
        for (var i = 0; i < result.Length; i++)
            if (double.IsNaN(result[i])) result[i] = value;
        return result;
    }

    public static double[] RemoveOutliers(ReadOnlySpan<double> data, IOutlierDetector detector)
    {
        var outliers = detector.Detect(data);
        var kept = new List<double>(data.Length);
        for (var i = 0; i < data.Length; i++)
            if (!outliers[i]) kept.Add(data[i]);
        return [.. kept];
    }

    /// <summary>Adds N(mean, stdev²) noise drawn from <paramref name="random"/> to every point.</summary>
    public static double[] AddGaussianNoise(ReadOnlySpan<double> data, double mean, double stdev, JavaRandom random)
    {
        var result = new double[data.Length];
        for (var i = 0; i < data.Length; i++) result[i] = data[i] + (random.NextGaussian() * stdev + mean);
        return result;
    }
}
