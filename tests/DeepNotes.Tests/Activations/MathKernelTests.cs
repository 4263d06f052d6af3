using System.Runtime.Intrinsics;
using DeepNotes.Kernels;
using MathNet.Numerics;

namespace DeepNotes.Tests.Activations;

/// <summary>
/// The scalar double functions behind the Float64 path (erf, erfc, expm1, log1p, Φ, φ) against MathNet.Numerics,
/// mpmath values and independent series, and the vector functions behind the Float32 path against the scalar ones.
/// </summary>
public class MathKernelTests
{
    private static IEnumerable<double> Grid(double from, double to, double step)
    {
        for (double x = from; x <= to; x += step) yield return x;
    }

    private static void AssertRelative(double expected, double actual, double rtol, string what)
    {
        double err = expected == 0 ? Math.Abs(actual) : Math.Abs(actual - expected) / Math.Abs(expected);
        if (!(err <= rtol)) Assert.Fail($"{what}: expected {expected:R}, got {actual:R} (relative error {err:G3} > {rtol:G3})");
    }

    [Fact]
    public void ErfAndErfc_MatchMathNet_AcrossTheRange()
    {
        foreach (double x in Grid(-6, 27, 0.0137).Concat([0, 1e-300, 1e-10, 1.4999999, 1.5, 1.5000001, -1.5]))
        {
            AssertRelative(SpecialFunctions.Erf(x), ActivationMath.Erf(x), 5e-15, $"erf({x})");
            double erfc = SpecialFunctions.Erfc(x);
            // MathNet's own erfc drifts by a few 1e-15 per unit of x beyond 6; ours is checked against mpmath below
            if (erfc > 1e-300) AssertRelative(erfc, ActivationMath.Erfc(x), x < 1.5 ? 5e-14 : 5e-15 + 3e-15 * Math.Max(0, x - 6), $"erfc({x})");
        }
        // mpmath (50 digits): erfc(8.0014) and erfc(20)
        AssertRelative(1.0973754935001122536e-29, ActivationMath.Erfc(8.0014000000000411), 2e-16 * 16, "erfc(8.0014)");
        AssertRelative(2.16988976246936068580e-113, ActivationMath.Erfc(16.002200000000066), 2e-16 * 16, "erfc(16.0022)");
        AssertRelative(5.3958656116079009289e-176, ActivationMath.Erfc(20), 2e-16 * 16, "erfc(20)");
        Assert.Equal(1.0, ActivationMath.Erf(double.PositiveInfinity));
        Assert.Equal(-1.0, ActivationMath.Erf(double.NegativeInfinity));
        Assert.Equal(0.0, ActivationMath.Erfc(double.PositiveInfinity));
        Assert.Equal(2.0, ActivationMath.Erfc(double.NegativeInfinity));
        Assert.True(double.IsNaN(ActivationMath.Erf(double.NaN)) && double.IsNaN(ActivationMath.Erfc(double.NaN)));
    }

    [Fact]
    public void NormalCdfAndPdf_KeepRelativePrecisionInTheTails()
    {
        foreach (double x in Grid(-37, 8, 0.173))
        {
            // the reference rounds x/√2, which erfc amplifies by 2z² = x²: allow for it
            AssertRelative(0.5 * SpecialFunctions.Erfc(-x / Math.Sqrt(2)), ActivationMath.NormalCdf(x), 2e-14 + 4e-16 * x * x, $"Φ({x})");
            AssertRelative(Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI), ActivationMath.NormalPdf(x), 1e-13 * (1 + x * x), $"φ({x})");
        }
        // mpmath: Φ(−20) and Φ(−37) (1 + erf(x/√2) would give 0 for both)
        AssertRelative(2.75362411860623369507562278086e-89, ActivationMath.NormalCdf(-20), 2e-15, "Φ(−20)");
        AssertRelative(5.72557122252457682268319254827e-300, ActivationMath.NormalCdf(-37), 2e-15, "Φ(−37)");
        Assert.Equal(0.0, ActivationMath.NormalPdf(1e200));
    }

    [Fact]
    public void Expm1AndLog1p_AreAccurateNearZero()
    {
        foreach (double x in new[] { 1e-300, -1e-20, 1e-10, -3e-9, 2e-6, -7e-5 })
        {
            // four terms of the Taylor series are exact to double precision at these sizes
            AssertRelative(x + x * x / 2 + x * x * x / 6 + x * x * x * x / 24, ActivationMath.Expm1(x), 3e-16, $"expm1({x})");
            AssertRelative(x - x * x / 2 + x * x * x / 3 - x * x * x * x / 4, ActivationMath.Log1p(x), 3e-16, $"log1p({x})");
        }
        // elsewhere: the full series (no cancellation for |x| ≤ 0.5), or exp(x) − 1 and log(1 + x) where those are exact
        foreach (double x in Grid(-40, 40, 0.0371))
        {
            double expm1 = Math.Abs(x) <= 0.5 ? Series(k => Math.Pow(x, k) / Factorial(k), 30) : Math.Exp(x) - 1;
            AssertRelative(expm1, ActivationMath.Expm1(x), 4e-16, $"expm1({x})");
            if (x <= -1) continue;
            double log1p = Math.Abs(x) <= 0.5 ? Series(k => (k % 2 == 1 ? 1 : -1) * Math.Pow(x, k) / k, 60) : Math.Log(1 + x);
            AssertRelative(log1p, ActivationMath.Log1p(x), 4e-16, $"log1p({x})");
        }
        Assert.Equal(-1.0, ActivationMath.Expm1(-1000));
        Assert.Equal(double.PositiveInfinity, ActivationMath.Expm1(1000));
        Assert.Equal(double.NegativeInfinity, ActivationMath.Log1p(-1));
        Assert.True(double.IsNaN(ActivationMath.Log1p(-2)));
    }

    /// <summary>Σ_{k=1..terms} term(k), added from the smallest term up.</summary>
    private static double Series(Func<int, double> term, int terms)
    {
        double sum = 0;
        for (int k = terms; k >= 1; k--) sum += term(k);
        return sum;
    }

    private static double Factorial(int k) => k <= 1 ? 1 : k * Factorial(k - 1);

    private static double Lane(Func<Vector512<double>, Vector512<double>> f, double x) => f(Vector512.Create(x)).ToScalar();

    private static float LaneF(Func<Vector512<float>, Vector512<float>> f, float x) => f(Vector512.Create(x)).ToScalar();

    [Fact]
    public void DoubleLaneFunctions_MatchTheScalarOnes()
    {
        foreach (double x in Grid(-700, 700, 0.731).Concat(Grid(-1, 1, 0.0071)))
            AssertRelative(Math.Exp(x), Lane(ActivationVectorMath.Exp, x), 2e-15, $"exp({x})");
        foreach (double x in Grid(-40, 40, 0.0173).Concat([1e-12, -1e-12, 0.3499, -0.3501]))
            AssertRelative(ActivationMath.Expm1(x), Lane(ActivationVectorMath.Expm1, x), 4e-15, $"expm1({x})");
        foreach (double u in Grid(0, 1, 0.00093).Concat([1e-300, 1e-12, 1]))
            AssertRelative(ActivationMath.Log1p(u), Lane(ActivationVectorMath.Log1pUnit, u), 3e-11, $"log1p({u})");
        Assert.True(double.IsNaN(Lane(ActivationVectorMath.Exp, double.NaN)));
        Assert.Equal(Math.Exp(-700), Lane(ActivationVectorMath.Exp, double.NegativeInfinity), 1e-300);
    }

    [Fact]
    public void FloatLaneFunctions_AreWithinAFewUlps()
    {
        double worstExp = 0, worstSigmoid = 0, worstTanh = 0;
        for (float x = -86f; x <= 88f; x += 0.00731f)
        {
            worstExp = Math.Max(worstExp, Ulps(Math.Exp(x), LaneF(ActivationVectorMath.Exp, x)));
            worstSigmoid = Math.Max(worstSigmoid, Ulps(ActivationMath.Sigmoid(x), LaneF(ActivationVectorMath.Sigmoid, x)));
            worstTanh = Math.Max(worstTanh, Ulps(Math.Tanh(x), LaneF(ActivationVectorMath.Tanh, x)));
        }
        for (float x = 1e-30f; x < 1f; x *= 1.01f)
        {
            worstTanh = Math.Max(worstTanh, Ulps(Math.Tanh(x), LaneF(ActivationVectorMath.Tanh, x)));
            worstTanh = Math.Max(worstTanh, Ulps(Math.Tanh(-x), LaneF(ActivationVectorMath.Tanh, -x)));
        }
        Assert.True(worstExp <= 2, $"exp: {worstExp} ulp");
        Assert.True(worstSigmoid <= 3, $"sigmoid: {worstSigmoid} ulp");
        Assert.True(worstTanh <= 3, $"tanh: {worstTanh} ulp");
        Assert.Equal(0f, LaneF(ActivationVectorMath.Tanh, 0f));
        Assert.Equal(0f, LaneF(ActivationVectorMath.Sigmoid, -89f)); // below 2^−126: flushed
        Assert.True(float.IsNaN(LaneF(ActivationVectorMath.Tanh, float.NaN)));
        Assert.True(float.IsNaN(LaneF(ActivationVectorMath.Sigmoid, float.NaN)));
    }

    /// <summary>|actual − exact| in units of the float spacing at the exact value.</summary>
    internal static double Ulps(double exact, float actual)
    {
        if (exact == 0) return actual == 0 ? 0 : double.PositiveInfinity;
        double ulp = Math.Max(float.Epsilon, Math.Pow(2, Math.Floor(Math.Log2(Math.Abs(exact))) - 23));
        return Math.Abs(actual - exact) / ulp;
    }
}
