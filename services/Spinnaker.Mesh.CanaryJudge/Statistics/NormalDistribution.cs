namespace Spinnaker.Mesh.CanaryJudge.Statistics;

/// <summary>The standard normal distribution's quantile and tail, precise to double rounding.</summary>
public static class NormalDistribution
{
    /// <summary>
    /// Φ⁻¹(p) by Wichura's algorithm AS241 (PPND16), the one R's <c>qnorm</c> uses: Φ⁻¹(0.025) = −1.9599639845400536
    /// exactly as in R. commons-math's erf-based inverse is only asserted to 1e-6, and Kayenta's intervals inherit that
    /// error; R's value reproduces every interval in Kayenta's tests.
    /// </summary>
    public static double InverseCdf(double p)
    {
        if (double.IsNaN(p) || p < 0 || p > 1) return double.NaN;
        if (p == 0) return double.NegativeInfinity;
        if (p == 1) return double.PositiveInfinity;
        var q = p - 0.5;
        double r, val;
        if (Math.Abs(q) <= 0.425)
        {
            r = 0.180625 - q * q;
            return q * (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r
                            + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                            + 133.14166789178437745) * r + 3.387132872796366608)
                     / (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r
                            + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                            + 42.313330701600911252) * r + 1.0);
        }
        r = q < 0 ? p : 1 - p;
        r = Math.Sqrt(-Math.Log(r));
        if (r <= 5.0)
        {
            r -= 1.6;
            val = (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
                        + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                        + 4.6303378461565452959) * r + 1.42343711074968357734)
                  / (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
                        + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                        + 2.05319162663775882187) * r + 1.0);
        }
        else
        {
            r -= 5.0;
            val = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
                        + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
                        + 5.4637849111641143699) * r + 6.6579046435011037772)
                  / (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
                        + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
                        + 0.59983220655588793769) * r + 1.0);
        }
        return q < 0.0 ? -val : val;
    }

    /// <summary>
    /// P(Z ≥ |z|), the upper tail at |z|, by Hart's double-precision approximation (as given by West, 2005); computed
    /// directly rather than as 1 − Φ so small p-values keep their digits.
    /// </summary>
    public static double UpperTail(double z)
    {
        if (double.IsNaN(z)) return double.NaN;
        var x = Math.Abs(z);
        if (x > 37) return 0.0;
        var e = Math.Exp(-x * x / 2);
        if (x < 7.07106781186547)
        {
            var b = 3.52624965998911E-02 * x + 0.700383064443688;
            b = b * x + 6.37396220353165;
            b = b * x + 33.912866078383;
            b = b * x + 112.079291497871;
            b = b * x + 221.213596169931;
            b = b * x + 220.206867912376;
            var c = e * b;
            b = 8.83883476483184E-02 * x + 1.75566716318264;
            b = b * x + 16.064177579207;
            b = b * x + 86.7807322029461;
            b = b * x + 296.564248779674;
            b = b * x + 637.333633378831;
            b = b * x + 793.826512519948;
            b = b * x + 440.413735824752;
            return c / b;
        }
        var d = x + 0.65;
        d = x + 4 / d;
        d = x + 3 / d;
        d = x + 2 / d;
        d = x + 1 / d;
        return e / d / 2.506628274631;
    }

    /// <summary>Φ(z), the lower tail.</summary>
    public static double Cdf(double z) => double.IsNaN(z) ? double.NaN : z > 0 ? 1 - UpperTail(z) : UpperTail(z);
}
