namespace Spinnaker.Mesh.CanaryScore.Prometheus.Query;

/// <summary>One output series: its labels (<c>__name__</c> included unless an aggregation dropped it) and a value per step, NaN-safe.</summary>
internal sealed class ResultSeries(IReadOnlyDictionary<string, string> labels, int steps)
{
    public IReadOnlyDictionary<string, string> Labels { get; } = labels;
    public double[] Values { get; } = new double[steps];
    public bool[] Present { get; } = new bool[steps];

    public bool Any => Array.IndexOf(Present, true) >= 0;

    public void Set(int step, double value)
    {
        Values[step] = value;
        Present[step] = true;
    }

    /// <summary>Prometheus' order of series in a result: label sets compared name by name, then value by value, in sorted name order.</summary>
    public static int Compare(ResultSeries a, ResultSeries b)
    {
        using var x = a.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).GetEnumerator();
        using var y = b.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).GetEnumerator();
        while (true)
        {
            var hasX = x.MoveNext();
            var hasY = y.MoveNext();
            if (!hasX || !hasY) return hasX.CompareTo(hasY);
            var byName = string.CompareOrdinal(x.Current.Key, y.Current.Key);
            if (byName != 0) return byName;
            var byValue = string.CompareOrdinal(x.Current.Value, y.Current.Value);
            if (byValue != 0) return byValue;
        }
    }
}

/// <summary>What a query evaluates to over its steps: series (for a selector or an aggregation) or one number.</summary>
internal sealed record QueryResult(IReadOnlyList<ResultSeries> Series, double? Scalar);
