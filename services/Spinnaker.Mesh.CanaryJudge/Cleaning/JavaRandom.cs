namespace Spinnaker.Mesh.CanaryJudge.Cleaning;

/// <summary>
/// <c>java.util.Random</c>'s generator (48-bit LCG, polar-method <c>nextGaussian</c>), so that with the same seed the
/// noise Kayenta adds to constant samples is the same sequence here (Kayenta's <c>RandomUtils.init(seed)</c>).
/// </summary>
public sealed class JavaRandom
{
    private const long Multiplier = 0x5DEECE66DL;
    private const long Addend = 0xBL;
    private const long Mask = (1L << 48) - 1;
    private long _seed;
    private double _nextNextGaussian;
    private bool _haveNextNextGaussian;

    public JavaRandom(long seed) => _seed = (seed ^ Multiplier) & Mask;

    private int Next(int bits)
    {
        _seed = (_seed * Multiplier + Addend) & Mask;
        return (int)((ulong)_seed >> (48 - bits));
    }

    public double NextDouble() => (((long)Next(26) << 27) + Next(27)) * (1.0 / (1L << 53));

    public double NextGaussian()
    {
        if (_haveNextNextGaussian)
        {
            _haveNextNextGaussian = false;
            return _nextNextGaussian;
        }
        double v1, v2, s;
        do
        {
            v1 = 2 * NextDouble() - 1;
            v2 = 2 * NextDouble() - 1;
            s = v1 * v1 + v2 * v2;
        } while (s >= 1 || s == 0);
        // StrictMath.log/sqrt: IEEE-correct here too for these inputs in practice.
        var multiplier = Math.Sqrt(-2 * Math.Log(s) / s);
        _nextNextGaussian = v2 * multiplier;
        _haveNextNextGaussian = true;
        return v1 * multiplier;
    }
}
