using System.Globalization;
using System.Numerics;

namespace Spinnaker.Mesh.CanaryScore.Prometheus;

/// <summary>Numbers as Prometheus writes them in its JSON: sample values and timestamps.</summary>
internal static class PrometheusValues
{
    /// <summary>
    /// Go's <c>strconv.FormatFloat(v, 'f', -1, 64)</c>: the shortest digits that read back as the same double, never
    /// in exponent notation (<c>1e21</c> is <c>1000000000000000000000</c>), and <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.
    /// </summary>
    public static string FormatValue(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "+Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";
        if (value == 0) return double.IsNegative(value) ? "-0" : "0";
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOfAny(['E', 'e']);
        if (e < 0) return shortest;
        // Expand d.dddE±x into plain decimal notation, keeping exactly the shortest digits.
        var negative = shortest[0] == '-';
        var mantissa = shortest[(negative ? 1 : 0)..e];
        var exponent = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var integerDigits = (point < 0 ? mantissa.Length : point) + exponent;
        string plain;
        if (integerDigits <= 0) plain = "0." + new string('0', -integerDigits) + digits;
        else if (integerDigits >= digits.Length) plain = digits + new string('0', integerDigits - digits.Length);
        else plain = digits[..integerDigits] + "." + digits[integerDigits..];
        return negative ? "-" + plain : plain;
    }

    /// <summary>A timestamp as Prometheus writes it: unix seconds, and the milliseconds as three digits when not zero (<c>1599657179.540</c>).</summary>
    public static string FormatTimestamp(long unixMilliseconds)
    {
        var sign = unixMilliseconds < 0 ? "-" : "";
        var magnitude = BigInteger.Abs(unixMilliseconds);
        var seconds = magnitude / 1000;
        var fraction = (int)(magnitude % 1000);
        return fraction == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{sign}{seconds}")
            : string.Create(CultureInfo.InvariantCulture, $"{sign}{seconds}.{fraction:D3}");
    }
}
