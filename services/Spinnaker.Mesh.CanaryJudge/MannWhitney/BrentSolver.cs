namespace Spinnaker.Mesh.CanaryJudge.MannWhitney;

/// <summary>
/// Brent's zeroin exactly as Kayenta's <c>BrentSolver.java</c> (itself R's <c>R_zeroin2</c>): tolerance 1e-4, at
/// most 1000 iterations, ε = 2.220446049250313e-16. The rank-sum function is a step function and the tolerance is
/// coarse, so a different root finder stops at a different point of the flat step (up to 5e-5 away); reproducing
/// this one step for step is what makes the intervals equal Kayenta's.
/// </summary>
internal static class BrentSolver
{
    private const int MaxIterations = 1000;
    private const double Tolerance = 1E-4;
    private const double Epsilon = 2.220446049250313E-16;

    public static double Solve(double ax, double bx, double fa, double fb, Func<double, double> func)
    {
        double a = ax, b = bx, c = a, fc = fa;
        var iteration = MaxIterations + 1;

        // First test if we have found a root at an endpoint.
        if (IsZero(fa)) return a;
        if (IsZero(fb)) return b;

        while (iteration-- > 0)
        {
            var prevStep = b - a;

            if (Math.Abs(fc) < Math.Abs(fb))
            {
                a = b; b = c; c = a;
                fa = fb; fb = fc; fc = fa;
            }
            var tolAct = 2 * Epsilon * Math.Abs(b) + Tolerance / 2;
            var newStep = (c - b) / 2;

            if (Math.Abs(newStep) <= tolAct || IsZero(fb)) return b;

            if (Math.Abs(prevStep) >= tolAct && Math.Abs(fa) > Math.Abs(fb))
            {
                double t1, cb, t2, p, q;
                cb = c - b;
                if (a == c)
                {
                    t1 = fb / fa;
                    p = cb * t1;
                    q = 1.0 - t1;
                }
                else
                {
                    // Inverse quadratic interpolation
                    q = fa / fc;
                    t1 = fb / fc;
                    t2 = fb / fa;
                    p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0));
                    q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0);
                }
                if (p > 0.0) q = -q;
                else p = -p;

                if (p < 0.75 * cb * q - Math.Abs(tolAct * q) / 2 && p < Math.Abs(prevStep * q / 2))
                    newStep = p / q;
            }

            if (Math.Abs(newStep) < tolAct)
                newStep = newStep > 0 ? tolAct : -tolAct;
            a = b;
            fa = fb;
            b += newStep;
            fb = func(b);
            if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0))
            {
                c = a;
                fc = fa;
            }
        }
        // Kayenta returns the last iterate when it runs out of iterations, and so do we.
        return b;
    }

    /// <summary>commons-math <c>Precision.equals(x, 0)</c>: within one ulp of zero, and not NaN.</summary>
    private static bool IsZero(double x) => !double.IsNaN(x) && Math.Abs(x) <= double.Epsilon;
}
