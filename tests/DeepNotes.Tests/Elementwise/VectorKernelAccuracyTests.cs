using DeepNotes.Kernels;

namespace DeepNotes.Tests.Elementwise;

/// <summary>
/// Our vectorised kernels (src/DeepNotes/Kernels: InverseTrigKernels, RemainderKernels, ElementwiseMath…) against a
/// reference over wide ranges: the largest error in ulp is pinned, special values (±0, ±∞, NaN, subnormals, huge
/// arguments, the edges of each range reduction) must match the C library exactly. Float32 is checked against the
/// double function rounded to float (correctly rounded almost everywhere), Float64 against .NET's Math (the C library,
/// within an ulp of the true value), so a Float64 bound of n allows our error plus the library's.
/// </summary>
public class VectorKernelAccuracyTests
{
    /// <summary>Distance in units in the last place; 0 for equal values (either zero sign) and for two NaNs.</summary>
    internal static long Ulps(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b) ? 0 : long.MaxValue;
        if (a == b) return 0;
        static long Ordered(double v) { long bits = BitConverter.DoubleToInt64Bits(v); return bits < 0 ? long.MinValue - bits : bits; }
        return Math.Abs(Ordered(a) - Ordered(b));
    }

    internal static long Ulps(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b)) return float.IsNaN(a) && float.IsNaN(b) ? 0 : long.MaxValue;
        if (a == b) return 0;
        static long Ordered(float v) { int bits = BitConverter.SingleToInt32Bits(v); return bits < 0 ? int.MinValue - (long)bits : bits; }
        return Math.Abs(Ordered(a) - Ordered(b));
    }

    /// <summary>Magnitudes log-uniform over [2^lo, 2^hi] with random signs, plus the special values.</summary>
    internal static double[] Wide(int count, int lo, int hi, int seed, params double[] extra)
    {
        var rng = new Random(seed);
        var specials = new[] { 0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, double.Epsilon, -double.Epsilon,
            2.2250738585072014E-308, 1e-300, -1e-300, 1e300, double.MaxValue, -double.MaxValue, 1.0, -1.0, 0.5, -0.5 };
        return [.. specials, .. extra, .. Enumerable.Range(0, count).Select(_ =>
            (rng.Next(2) == 0 ? 1 : -1) * Math.ScaleB(1 + rng.NextDouble(), rng.Next(lo, hi + 1)))];
    }

    /// <summary>Values in [−1, 1]: uniform, near ±1 (1 − 2⁻ᵏ), near the ½ switch, tiny, and just outside.</summary>
    private static double[] UnitInterval(int count, int seed)
    {
        var rng = new Random(seed);
        var near = Enumerable.Range(1, 60).SelectMany(k => new[] { 1 - Math.ScaleB(1, -k), -(1 - Math.ScaleB(1, -k)) });
        var half = Enumerable.Range(-20, 41).Select(k => 0.5 + k * 1e-9);
        return [.. Wide(0, 0, 0, seed, 1.0000001, -1.0000001, 2, -2, 1e-20, -1e-320, 0.49999999999999994, 0.5000000000000001),
            .. near, .. half, .. Enumerable.Range(0, count).Select(_ => rng.NextDouble() * 2 - 1)];
    }

    private static (long F64, long F32) MaxUlps(double[] x, Func<double, double> reference, Action<double[], double[]> f64, Action<float[], float[]> f32)
    {
        var d = new double[x.Length];
        f64(x, d);
        long worst64 = 0;
        for (int i = 0; i < x.Length; i++)
        {
            long u = Ulps(d[i], reference(x[i]));
            Assert.True(u <= 8, $"Float64 at x = {x[i]:R}: {d[i]:R} vs {reference(x[i]):R}");
            worst64 = Math.Max(worst64, u);
        }
        var xf = x.Select(v => (float)v).ToArray();
        var df = new float[x.Length];
        f32(xf, df);
        long worst32 = 0;
        for (int i = 0; i < x.Length; i++)
        {
            float expected = (float)reference(xf[i]);
            long u = Ulps(df[i], expected);
            Assert.True(u <= 8, $"Float32 at x = {xf[i]:R}: {df[i]:R} vs {expected:R}");
            worst32 = Math.Max(worst32, u);
        }
        return (worst64, worst32);
    }

    private static void AssertSpecialsExact(double[] x, Func<double, double> reference, Action<double[], double[]> f64)
    {
        var d = new double[x.Length];
        f64(x, d);
        for (int i = 0; i < x.Length; i++)
        {
            double e = reference(x[i]);
            if (double.IsNaN(e) || double.IsInfinity(x[i]) || x[i] == 0 || double.IsNaN(x[i]))
                Assert.True(BitConverter.DoubleToInt64Bits(d[i]) == BitConverter.DoubleToInt64Bits(e) || (double.IsNaN(d[i]) && double.IsNaN(e)),
                    $"special x = {x[i]:R}: {d[i]:R} vs {e:R}");
        }
    }

    [Fact]
    public void Atan_IsWithinTwoUlpEverywhere()
    {
        var x = Wide(20000, -1080, 1030, 1, 0.41421356237309503, 0.4142135623730951, 2.414213562373095, 2.4142135623730954, 1e-310);
        var (w64, w32) = MaxUlps(x, Math.Atan, (s, d) => InverseTrigKernels.Atan<double>(s, d), (s, d) => InverseTrigKernels.Atan<float>(s, d));
        AssertSpecialsExact(x, Math.Atan, (s, d) => InverseTrigKernels.Atan<double>(s, d));
        Assert.True(w64 <= 2 && w32 <= 1, $"atan: {w64} ulp (Float64), {w32} ulp (Float32)");
    }

    [Fact]
    public void Asin_IsWithinTwoUlpEverywhere()
    {
        var x = UnitInterval(20000, 2);
        var (w64, w32) = MaxUlps(x, Math.Asin, (s, d) => InverseTrigKernels.Asin<double>(s, d), (s, d) => InverseTrigKernels.Asin<float>(s, d));
        AssertSpecialsExact(x, Math.Asin, (s, d) => InverseTrigKernels.Asin<double>(s, d));
        Assert.True(w64 <= 2 && w32 <= 2, $"asin: {w64} ulp (Float64), {w32} ulp (Float32)");   // measured: 2 and 2
    }

    [Fact]
    public void Acos_IsWithinTwoUlpEverywhere()
    {
        var x = UnitInterval(20000, 3);
        var (w64, w32) = MaxUlps(x, Math.Acos, (s, d) => InverseTrigKernels.Acos<double>(s, d), (s, d) => InverseTrigKernels.Acos<float>(s, d));
        AssertSpecialsExact(x, Math.Acos, (s, d) => InverseTrigKernels.Acos<double>(s, d));
        Assert.True(w64 <= 2 && w32 <= 1, $"acos: {w64} ulp (Float64), {w32} ulp (Float32)");
    }

    [Fact]
    public void Atan2_IsWithinTwoUlpEverywhere_AndExactOnSpecialPairs()
    {
        // every pair of a wide set (zeros, infinities, NaN, subnormal, huge, the tan(π/8) and |y| = |x| switches)
        var v = Wide(400, -1080, 1030, 4, 3.0, -3.0, 0.41421356237309503, 2.414213562373095);
        var ys = v.SelectMany(a => v.Select(_ => a)).ToArray();
        var xs = v.SelectMany(_ => v).ToArray();
        var d = new double[ys.Length];
        InverseTrigKernels.Atan2<double>(ys, xs, d);
        long worst64 = 0;
        for (int i = 0; i < d.Length; i++)
        {
            double e = Math.Atan2(ys[i], xs[i]);
            long u = Ulps(d[i], e);
            Assert.True(u <= 2, $"atan2({ys[i]:R}, {xs[i]:R}) = {d[i]:R}, expected {e:R}");
            if (e == 0 || double.IsNaN(e)) Assert.Equal(BitConverter.DoubleToInt64Bits(e) < 0, BitConverter.DoubleToInt64Bits(d[i]) < 0);
            worst64 = Math.Max(worst64, u);
        }
        var yf = ys.Select(a => (float)a).ToArray();
        var xf = xs.Select(a => (float)a).ToArray();
        var df = new float[yf.Length];
        InverseTrigKernels.Atan2<float>(yf, xf, df);
        long worst32 = 0;
        for (int i = 0; i < df.Length; i++)
        {
            float e = (float)Math.Atan2(yf[i], xf[i]);
            long u = Ulps(df[i], e);
            Assert.True(u <= 2, $"atan2f({yf[i]:R}, {xf[i]:R}) = {df[i]:R}, expected {e:R}");
            worst32 = Math.Max(worst32, u);
        }
        Assert.True(worst64 <= 2 && worst32 <= 1, $"atan2: {worst64} ulp (Float64), {worst32} ulp (Float32)");
        // a broadcast operand gives the same values as the full span
        var one = new double[xs.Length];
        var full = new double[xs.Length];
        InverseTrigKernels.Atan2<double>([0.75], xs, one);
        InverseTrigKernels.Atan2<double>(Enumerable.Repeat(0.75, xs.Length).ToArray(), xs, full);
        Assert.Equal(full, one);
    }

    [Fact]
    public void FmodAndRemainder_AreBitIdenticalToTheScalarOperators()
    {
        // quotients from tiny to far beyond 2^53 (the scalar fallback), subnormal and zero divisors, infinities, NaN
        var v = Wide(300, -1075, 1023, 5, 3.0, -3.0, 0.1, 7.5, -7.5, 4194304.5, 1e16, 5e-324);
        var xs = v.SelectMany(a => v.Select(_ => a)).ToArray();
        var ys = v.SelectMany(_ => v).ToArray();
        var d = new double[xs.Length];
        var r = new double[xs.Length];
        RemainderKernels.Fmod<double>(xs, ys, d);
        RemainderKernels.Remainder<double>(xs, ys, r);
        for (int i = 0; i < d.Length; i++)
        {
            double e = xs[i] % ys[i];
            Assert.True(BitConverter.DoubleToInt64Bits(d[i]) == BitConverter.DoubleToInt64Bits(e) || (double.IsNaN(d[i]) && double.IsNaN(e)),
                $"fmod({xs[i]:R}, {ys[i]:R}) = {d[i]:R}, expected {e:R}");
            double er = RemainderOperator<double>.Invoke(xs[i], ys[i]);
            Assert.True(BitConverter.DoubleToInt64Bits(r[i]) == BitConverter.DoubleToInt64Bits(er) || (double.IsNaN(r[i]) && double.IsNaN(er)),
                $"remainder({xs[i]:R}, {ys[i]:R}) = {r[i]:R}, expected {er:R}");
        }
        var xf = xs.Select(a => (float)a).ToArray();
        var yf = ys.Select(a => (float)a).ToArray();
        var df = new float[xf.Length];
        var rf = new float[xf.Length];
        RemainderKernels.Fmod<float>(xf, yf, df);
        RemainderKernels.Remainder<float>(xf, yf, rf);
        for (int i = 0; i < df.Length; i++)
        {
            float e = xf[i] % yf[i], er = RemainderOperator<float>.Invoke(xf[i], yf[i]);
            Assert.True(BitConverter.SingleToInt32Bits(df[i]) == BitConverter.SingleToInt32Bits(e) || (float.IsNaN(df[i]) && float.IsNaN(e)),
                $"fmodf({xf[i]:R}, {yf[i]:R}) = {df[i]:R}, expected {e:R}");
            Assert.True(BitConverter.SingleToInt32Bits(rf[i]) == BitConverter.SingleToInt32Bits(er) || (float.IsNaN(rf[i]) && float.IsNaN(er)),
                $"remainderf({xf[i]:R}, {yf[i]:R}) = {rf[i]:R}, expected {er:R}");
        }
    }

    [Fact]
    public void IntRemainder_MatchesTheScalarDefinitions()
    {
        var rng = new Random(6);
        int[] edge = [int.MinValue, int.MinValue + 1, int.MaxValue, -1, 1, 2, -2, 7, -7, 0, 46341, -65536];
        var v = edge.Concat(Enumerable.Range(0, 120).Select(i => i % 2 == 0 ? rng.Next(int.MinValue, int.MaxValue) : rng.Next(-1000, 1000))).ToArray();
        var xs = v.SelectMany(a => v.Select(_ => a)).ToArray();
        var ys = v.SelectMany(_ => v).Select(b => b == 0 ? 3 : b).ToArray();
        var fmod = new int[xs.Length];
        var rem = new int[xs.Length];
        RemainderKernels.IntRemainder(xs, ys, fmod, floor: false);
        RemainderKernels.IntRemainder(xs, ys, rem, floor: true);
        for (int i = 0; i < xs.Length; i++)
        {
            long a = xs[i], b = ys[i];
            long c = a % b;                                  // exact in 64 bits; int.MinValue rem −1 = 0
            long p = c != 0 && (c < 0) != (b < 0) ? c + b : c;
            Assert.True(fmod[i] == c && rem[i] == p, $"({a}, {b}): fmod {fmod[i]} vs {c}, remainder {rem[i]} vs {p}");
        }
        var broadcast = new int[xs.Length];
        RemainderKernels.IntRemainder(xs, [-7], broadcast, floor: true);
        for (int i = 0; i < xs.Length; i++) Assert.Equal(RemainderOperator<int>.Invoke(xs[i], -7), broadcast[i]);
    }
}
