namespace Spinnaker.Mesh.CanaryJudge.Classification;

/// <summary>A metric's classification, spelled as Kayenta spells it in results.</summary>
public enum MetricClassificationLabel
{
    Pass,
    High,
    Low,
    /// <summary>No data for a metric that must have data (<c>mustHaveData</c>, not critical): counts as a failure in its group.</summary>
    NodataFailMetric,
    /// <summary>No data: not counted in its group; half or more Nodata fails the canary.</summary>
    Nodata,
    /// <summary>The classification threw (for example all observations tied).</summary>
    Error,
}

/// <summary>Which change is judged. Anything Kayenta does not know reads as <see cref="Either"/>.</summary>
public enum MetricDirection
{
    Either,
    Increase,
    Decrease,
}

public static class KayentaEnums
{
    public static MetricDirection ParseDirection(string? value) => value switch
    {
        "increase" => MetricDirection.Increase,
        "decrease" => MetricDirection.Decrease,
        _ => MetricDirection.Either,
    };

    public static Cleaning.NaNStrategy ParseNaNStrategy(string? value) =>
        value == "replace" ? Cleaning.NaNStrategy.Replace : Cleaning.NaNStrategy.Remove;

    public static Cleaning.OutlierStrategy ParseOutlierStrategy(string? value) =>
        value == "remove" ? Cleaning.OutlierStrategy.Remove : Cleaning.OutlierStrategy.Keep;

    public static string Spell(this MetricDirection direction) => direction switch
    {
        MetricDirection.Increase => "increase",
        MetricDirection.Decrease => "decrease",
        _ => "either",
    };
}
