using DeepNotes.Kernels;
using static DeepNotes.Tests.Elementwise.VectorKernelAccuracyTests;

namespace DeepNotes.Tests.Elementwise;

/// <summary>
/// The vectorised rewrites that run the scalar formulas' operations (the chunked log1p/expm1/sinh/cosh/exp2/frac/round/
/// nan_to_num, lerp, linspace, int ÷ int) and the block normal sampler, which keeps the uniform stream and changes values by at most a few
/// ulp, against the scalar forms they replaced.
/// </summary>
public class BlockKernelEquivalenceTests
{
    /// <summary>
    /// Within <paramref name="ulps"/>: the chunked exp/log-based kernels run the scalar formulas on TensorPrimitives'
    /// exp and log, which were seen (once, in a full test run) to differ by an ulp between two calls on the same input
    /// (a JIT tier change in between), which the formulas can carry to the result; everything else is bit-identical.
    /// </summary>
    private static void AssertWithinUlps(double[] expected, double[] actual, int ulps, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Ulps(expected[i], actual[i]) <= ulps, $"{what} at {i}: {actual[i]:R} vs {expected[i]:R}");
    }

    private static void AssertWithinUlps(float[] expected, float[] actual, int ulps, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Ulps(expected[i], actual[i]) <= ulps, $"{what} at {i}: {actual[i]:R} vs {expected[i]:R}");
    }

    private static void AssertBitIdentical(double[] expected, double[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]) || (double.IsNaN(expected[i]) && double.IsNaN(actual[i])),
                $"{what} at {i}: {actual[i]:R} vs {expected[i]:R}");
    }

    private static void AssertBitIdentical(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]) || (float.IsNaN(expected[i]) && float.IsNaN(actual[i])),
                $"{what} at {i}: {actual[i]:R} vs {expected[i]:R}");
    }

    public static TheoryData<string> ChunkedFunctions() => new("Log1p", "Expm1", "Sinh", "Cosh", "Exp2", "Frac", "Round3", "NanToNum");

    [Theory]
    [MemberData(nameof(ChunkedFunctions))]
    public void ChunkedKernels_MatchTheScalarFormulas(string name)
    {
        // 5003 elements: two chunks and an odd tail; values from 1e-300 to 1e300, the |x| = 20 switch, specials
        var x = Wide(4950, -1000, 9, 11, 20, -20, 19.999999999999996, 20.000000000000004, -1, 1e-8, -1e-8, 710, -746,
            -1020.5, -1021, -1022.4, -1074, -1075.2, 1022.3, 1023, 1023.7, 1024, -124.5, -126, -149, -150, 126.4, 127, 127.9, 128);
        Action<double[], double[]> ours, scalar;
        Action<float[], float[]> oursF, scalarF;
        switch (name)
        {
            case "Log1p": ours = (s, d) => ExpLogKernels.Log1p<double>(s, d); scalar = (s, d) => ElementwiseMath.Log1p<double>(s, d);
                oursF = (s, d) => ExpLogKernels.Log1p<float>(s, d); scalarF = (s, d) => ElementwiseMath.Log1p<float>(s, d); break;
            case "Expm1": ours = (s, d) => ExpLogKernels.Expm1<double>(s, d); scalar = (s, d) => ElementwiseMath.Expm1<double>(s, d);
                oursF = (s, d) => ExpLogKernels.Expm1<float>(s, d); scalarF = (s, d) => ElementwiseMath.Expm1<float>(s, d); break;
            case "Sinh": ours = (s, d) => ExpLogKernels.Sinh<double>(s, d); scalar = (s, d) => ElementwiseMath.Sinh<double>(s, d);
                oursF = (s, d) => ExpLogKernels.Sinh<float>(s, d); scalarF = (s, d) => ElementwiseMath.Sinh<float>(s, d); break;
            case "Cosh": ours = (s, d) => ExpLogKernels.Cosh<double>(s, d); scalar = (s, d) => ElementwiseMath.Cosh<double>(s, d);
                oursF = (s, d) => ExpLogKernels.Cosh<float>(s, d); scalarF = (s, d) => ElementwiseMath.Cosh<float>(s, d); break;
            case "Exp2": ours = (s, d) => ExpLogKernels.Exp2<double>(s, d); scalar = (s, d) => ElementwiseMath.Exp2<double>(s, d);
                oursF = (s, d) => ExpLogKernels.Exp2<float>(s, d); scalarF = (s, d) => ElementwiseMath.Exp2<float>(s, d); break;
            case "Frac": ours = (s, d) => RoundingKernels.Frac<double>(s, d); scalar = (s, d) => ElementwiseMath.Frac<double>(s, d);
                oursF = (s, d) => RoundingKernels.Frac<float>(s, d); scalarF = (s, d) => ElementwiseMath.Frac<float>(s, d); break;
            case "Round3": ours = (s, d) => RoundingKernels.Round<double>(s, d, 3); scalar = (s, d) => ElementwiseMath.Round<double>(s, d, 3);
                oursF = (s, d) => RoundingKernels.Round<float>(s, d, -2); scalarF = (s, d) => ElementwiseMath.Round<float>(s, d, -2); break;
            default: ours = (s, d) => ExpLogKernels.NanToNum<double>(s, d, 7, 8, 9); scalar = (s, d) => ElementwiseMath.NanToNum<double>(s, d, 7, 8, 9);
                oursF = (s, d) => ExpLogKernels.NanToNum<float>(s, d, 7, 8, 9); scalarF = (s, d) => ElementwiseMath.NanToNum<float>(s, d, 7, 8, 9); break;
        }
        double[] a = new double[x.Length], b = new double[x.Length];
        ours(x, a);
        scalar(x, b);
        int ulps = name is "Frac" or "Round3" or "NanToNum" ? 0 : 1;
        AssertWithinUlps(b, a, ulps, name);
        var xf = x.Select(v => (float)v).ToArray();
        float[] af = new float[x.Length], bf = new float[x.Length];
        oursF(xf, af);
        scalarF(xf, bf);
        AssertWithinUlps(bf, af, ulps, name + " (float)");
    }

    [Fact]
    public void NanToNum_ReplacementsMayThemselvesBeInfinite()
    {
        var d = new double[3];
        ExpLogKernels.NanToNum<double>([double.PositiveInfinity, double.NegativeInfinity, double.NaN], d, double.NaN, double.NegativeInfinity, double.PositiveInfinity);
        Assert.Equal(double.NegativeInfinity, d[0]);
        Assert.Equal(double.PositiveInfinity, d[1]);
        Assert.True(double.IsNaN(d[2]));
    }

    [Fact]
    public void Lerp_IsBitIdenticalToTheScalarFormula()
    {
        var rng = new Random(12);
        int n = 1037;
        var s = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 200 - 100).ToArray();
        var e = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 200 - 100).ToArray();
        var w = Enumerable.Range(0, n).Select(i => i % 7 == 0 ? 0.5 : i % 11 == 0 ? -0.5 : rng.NextDouble() * 3 - 1).ToArray();
        var d = new double[n];
        LerpKernel.Run<double>(s, e, w, d);
        var expected = Enumerable.Range(0, n).Select(i => Math.Abs(w[i]) < 0.5 ? s[i] + w[i] * (e[i] - s[i]) : e[i] - (e[i] - s[i]) * (1 - w[i])).ToArray();
        AssertBitIdentical(expected, d, "lerp");
        foreach (double wi in new[] { 0.3, 0.7, -2.0 })
        {
            LerpKernel.Run<double>(s, e, wi, d);
            AssertBitIdentical(Enumerable.Range(0, n).Select(i => Math.Abs(wi) < 0.5 ? s[i] + wi * (e[i] - s[i]) : e[i] - (e[i] - s[i]) * (1 - wi)).ToArray(), d, $"lerp w={wi}");
        }
        var sf = s.Select(v => (float)v).ToArray();
        var ef = e.Select(v => (float)v).ToArray();
        var wf = w.Select(v => (float)v).ToArray();
        var df = new float[n];
        LerpKernel.Run<float>(sf, ef, wf, df);
        AssertBitIdentical(Enumerable.Range(0, n).Select(i => MathF.Abs(wf[i]) < 0.5f ? sf[i] + wf[i] * (ef[i] - sf[i]) : ef[i] - (ef[i] - sf[i]) * (1 - wf[i])).ToArray(), df, "lerp (float)");
    }

    [Theory]
    [InlineData(-3.0, 7.0, 1001)]
    [InlineData(0.1, -1e6, 100003)]
    [InlineData(5.0, 5.0, 17)]
    public void Linspace_MatchesTheScalarLayoutExactly(double start, double end, int steps)
    {
        double step = (end - start) / (steps - 1);
        var expected = Enumerable.Range(0, steps).Select(i => i < steps / 2 ? start + step * i : end - step * (steps - 1 - i)).ToArray();
        AssertBitIdentical(expected, Tensor.Linspace(start, end, steps, DType.Float64).ToArray<double>(), "linspace");
        AssertBitIdentical(expected.Select(v => (float)v).ToArray(), Tensor.Linspace(start, end, steps).ToArray<float>(), "linspace (float)");
        Assert.Equal(end, Tensor.Linspace(start, end, steps, DType.Float64).ToArray<double>()[^1]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1025)]
    [InlineData(4096)]
    public void BlockNormals_FollowTheScalarStreamWithinTwoUlp(int count)
    {
        // reference: one NextNormal per element; ours: the block sampler, after the same odd first draw (a pending spare)
        var reference = new Generator(99);
        var block = new Generator(99);
        double first = reference.NextNormal();
        Assert.Equal(first, block.NextNormal());
        var expected = Enumerable.Range(0, count).Select(_ => reference.NextNormal()).ToArray();
        var actual = new double[count];
        NormalSampling.Fill(block, actual);
        for (int i = 0; i < count; i++) Assert.True(Ulps(expected[i], actual[i]) <= 2 || Math.Abs(expected[i] - actual[i]) < 1e-15, $"{i}: {actual[i]:R} vs {expected[i]:R}");
        // the spare and the uniform stream continue exactly as with one-at-a-time draws
        Assert.Equal(reference.NextDouble(), block.NextDouble());
        Assert.True(Ulps(reference.NextNormal(), block.NextNormal()) <= 2);
        var floats = new float[count];
        var g = new Generator(5);
        NormalSampling.Fill(g, floats, 1.5, 2.0);
        var h = new Generator(5);
        for (int i = 0; i < count; i++) Assert.True(Math.Abs(floats[i] - (float)(1.5 + 2.0 * h.NextNormal())) <= 1e-6 * Math.Max(1, Math.Abs(floats[i])), $"float {i}");
    }

    [Fact]
    public void IntTrueDivide_IsBitIdenticalToConvertingFirst()
    {
        var rng = new Random(8);
        int n = 5000;
        var a = Enumerable.Range(0, n).Select(i => i < 4 ? new[] { int.MinValue, int.MaxValue, 0, -1 }[i] : rng.Next(int.MinValue, int.MaxValue)).ToArray();
        var b = Enumerable.Range(0, n).Select(i => i % 97 == 0 ? 0 : rng.Next(-3000, 3000)).ToArray();
        var d = new float[n];
        RoundingKernels.IntTrueDivide(a, b, d);
        AssertBitIdentical(Enumerable.Range(0, n).Select(i => (float)a[i] / (float)b[i]).ToArray(), d, "int / int");
        var t = (Tensor.FromArray(a) / Tensor.FromArray(b)).ToArray<float>();
        AssertBitIdentical(d, t, "int / int through the operator");
    }
}
