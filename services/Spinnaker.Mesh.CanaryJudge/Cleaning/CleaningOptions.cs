namespace Spinnaker.Mesh.CanaryJudge.Cleaning;

/// <summary>What happens to NaN points. Kayenta's raw default "none" (and any unknown value) means <see cref="Remove"/>.</summary>
public enum NaNStrategy
{
    Remove,
    /// <summary>NaN becomes 0.0; an empty side then passes instead of being Nodata.</summary>
    Replace,
}

/// <summary>Whether IQR outliers are removed. Anything but "remove" means <see cref="Keep"/>.</summary>
public enum OutlierStrategy
{
    Keep,
    Remove,
}

/// <summary>One side of a metric after cleaning, with what was taken out.</summary>
/// <param name="Values">The points the classifier sees.</param>
/// <param name="RawPoints">Points before cleaning.</param>
/// <param name="NaNPoints">NaN points in the raw series (removed or replaced by 0).</param>
/// <param name="OutliersRemoved">Points removed by the outlier detector.</param>
public sealed record CleanedSeries(double[] Values, int RawPoints, int NaNPoints, int OutliersRemoved);

/// <summary>The judge's cleaning of one side (<c>NetflixACAJudge.transformMetric</c>): NaN handling, then IQR outliers.</summary>
public static class SeriesCleaner
{
    public static CleanedSeries Clean(ReadOnlySpan<double> raw, NaNStrategy nanStrategy, OutlierStrategy outlierStrategy, double outlierFactor)
    {
        var nanPoints = 0;
        foreach (var v in raw)
            if (double.IsNaN(v)) nanPoints++;
        var values = nanStrategy == NaNStrategy.Remove ? Transforms.RemoveNaNs(raw) : Transforms.ReplaceNaNs(raw, 0.0);
        var outliers = 0;
        if (outlierStrategy == OutlierStrategy.Remove)
        {
            var kept = Transforms.RemoveOutliers(values, new IqrDetector(outlierFactor, reduceSensitivity: true));
            outliers = values.Length - kept.Length;
            values = kept;
        }
        return new CleanedSeries(values, raw.Length, nanPoints, outliers);
    }
}
