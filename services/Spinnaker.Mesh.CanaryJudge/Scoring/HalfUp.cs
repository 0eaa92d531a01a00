using System.Globalization;

namespace Spinnaker.Mesh.CanaryJudge.Scoring;

/// <summary>
/// commons-math <c>Precision.round(x, scale)</c>: <c>new BigDecimal(Double.toString(x))</c> rounded HALF_UP. Going
/// through the shortest round-trip text means 33.335 (stored as 33.33499…) still rounds to 33.34, as in Kayenta.
/// </summary>
public static class HalfUp
{
    public static double Round(double value, int decimals)
    {
        if (!double.IsFinite(value)) return value;
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact)) return value;
        return (double)Math.Round(exact, decimals, MidpointRounding.AwayFromZero);
    }
}
