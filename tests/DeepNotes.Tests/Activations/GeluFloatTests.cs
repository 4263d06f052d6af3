using DeepNotes.Kernels;

namespace DeepNotes.Tests.Activations;

/// <summary>
/// The float-lane exact GELU (forward and backward kernels) against the precise double reference x·Φ(x) and
/// Φ(x) + x·φ(x) of <see cref="ActivationMath"/>, over a dense sweep of [−10, 10], the tails out to ±3e38 and tiny
/// inputs. The bounds are the measured maxima rounded up (docs/activations.md states them).
/// </summary>
public class GeluFloatTests
{
    private const double SmallestNormal = 1.1754943508222875e-38;

    /// <summary>Every 2^−13 over [−10, 10], geometric tails from ±10 to ±3e38, and ±1e-30 … ±1.</summary>
    private static float[] Inputs()
    {
        var v = new List<float>();
        for (int i = -10 * 8192; i <= 10 * 8192; i++) v.Add(i / 8192f);
        for (float x = 10f; x < 3e38f; x *= 1.0007f) { v.Add(x); v.Add(-x); }
        for (float x = 1e-30f; x < 1f; x *= 1.01f) { v.Add(x); v.Add(-x); }
        return v.ToArray();
    }

    [Fact]
    public void Forward_IsWithinFiveAndAHalfUlpsOfTheDoubleReference()
    {
        float[] x = Inputs();
        var y = new float[x.Length];
        ActivationKernels.Map(x, 0, y, 0, x.Length, new GeluOp(), ActivationKernels.CostlyGrain);
        double worst = 0, worstAt = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double exact = x[i] * ActivationMath.NormalCdf(x[i]);
            // below 2^−126 the result is subnormal: an absolute error of a subnormal ulp or two is all it can hold
            double ulps = Math.Abs(exact) < SmallestNormal ? Math.Abs(y[i] - exact) / float.Epsilon / 4 : MathKernelTests.Ulps(exact, y[i]);
            if (!(ulps <= worst)) (worst, worstAt) = (ulps, x[i]);
        }
        Assert.True(worst <= 5.5, $"GELU float: {worst:G4} ulp at x = {worstAt:R}");
    }

    [Fact]
    public void Backward_IsWithinFourAndAHalfUlpsOfTheLargerTerm()
    {
        // Φ(x) + x·φ(x) has a root near x = −0.75 (GELU's minimum), where no relative bound can hold: the error is
        // measured in ulps of the larger of the two terms (the scale at which they are computed and added)
        float[] x = Inputs();
        var g = new float[x.Length];
        for (int i = 0; i < g.Length; i++) g[i] = 1f;
        var dx = new float[x.Length];
        ActivationKernels.Map(g, 0, x, 0, dx, 0, x.Length, new GeluBackwardOp(), ActivationKernels.CostlyGrain);
        double worst = 0, worstAt = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double cdf = ActivationMath.NormalCdf(x[i]), xPdf = x[i] * ActivationMath.NormalPdf(x[i]);
            double exact = cdf + xPdf, scale = Math.Max(Math.Abs(cdf), Math.Abs(xPdf));
            double ulps = scale < SmallestNormal ? Math.Abs(dx[i] - exact) / float.Epsilon / 4
                : Math.Abs(dx[i] - exact) / Math.Pow(2, Math.Floor(Math.Log2(scale)) - 23);
            if (!(ulps <= worst)) (worst, worstAt) = (ulps, x[i]);
        }
        Assert.True(worst <= 4.5, $"GELU' float: {worst:G4} ulp at x = {worstAt:R}");
    }

    [Fact]
    public void Tails_AreExactFarOut_AndNaNPropagates()
    {
        float[] x = [-1e4f, -20f, 20f, 1e4f, float.NegativeInfinity, float.PositiveInfinity, float.NaN, -13f];
        var y = new float[x.Length];
        var dx = new float[x.Length];
        var g = new float[x.Length];
        Array.Fill(g, 1f);
        ActivationKernels.Map(x, 0, y, 0, x.Length, new GeluOp(), ActivationKernels.CostlyGrain);
        ActivationKernels.Map(g, 0, x, 0, dx, 0, x.Length, new GeluBackwardOp(), ActivationKernels.CostlyGrain);
        Assert.Equal([0f, 0f, 20f, 1e4f], y[..4].Select(v => v + 0f));
        Assert.Equal([0f, 0f, 1f, 1f], dx[..4].Select(v => v + 0f));
        Assert.True(float.IsNaN(y[4]));                   // −∞·Φ(−∞) = −∞·0, as x·Φ(x) in float64 and PyTorch
        Assert.Equal(float.PositiveInfinity, y[5]);
        Assert.True(float.IsNaN(y[6]) && float.IsNaN(dx[6]));
        // the negative tail keeps its relative precision: GELU(−13) = −7.99e-38 (PyTorch's 1 + erf gives −0)
        Assert.Equal(-13 * ActivationMath.NormalCdf(-13), y[7], 13 * ActivationMath.NormalCdf(-13) * 1e-6);
        Assert.NotEqual(0f, y[7]);
    }
}
