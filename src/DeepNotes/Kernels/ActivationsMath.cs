namespace DeepNotes.Kernels;

/// <summary>
/// Scalar double-precision functions behind the Float64 path of the activations, accurate to a few ulps everywhere
/// (GradCheck divides function errors by its 1e-6 step, so a sloppy erf or expm1 would show up as a gradient error).
/// .NET has no erf, and its <c>double.ExpM1</c>/<c>double.LogP1</c> are computed as <c>Exp(x) − 1</c> and
/// <c>Log(1 + x)</c>, which lose all relative precision near 0; these do not.
/// </summary>
internal static class ActivationMath
{
    /// <summary>1/√2.</summary>
    public const double Sqrt1Over2 = 0.70710678118654752440;

    /// <summary>1/√(2π), the peak of the standard normal density.</summary>
    public const double InvSqrt2Pi = 0.39894228040143267794;

    /// <summary>√(2/π), the slope inside PyTorch's tanh approximation of GELU.</summary>
    public const double Sqrt2OverPi = 0.79788456080286535588;

    /// <summary>The cubic coefficient of PyTorch's tanh approximation of GELU.</summary>
    public const double GeluCubic = 0.044715;

    private const double TwoOverSqrtPi = 1.12837916709551257390;
    private const double InvSqrtPi = 0.56418958354775628695;

    /// <summary>eˣ − 1 without cancellation near 0 (Kahan's correction: (u − 1)·x / log u with u = eˣ).</summary>
    public static double Expm1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0) return x;                 // |x| below half an ulp of 1: eˣ − 1 = x to double precision
        double um1 = u - 1.0;
        if (um1 == -1.0) return -1.0;
        if (double.IsPositiveInfinity(u)) return u;
        return um1 * x / Math.Log(u);           // NaN stays NaN
    }

    /// <summary>log(1 + x) without cancellation near 0 (Kahan's correction: log(u)·x / (u − 1) with u = 1 + x).</summary>
    public static double Log1p(double x)
    {
        double u = 1.0 + x;
        if (u == 1.0) return x;
        if (double.IsPositiveInfinity(u)) return u;
        return Math.Log(u) * x / (u - 1.0);     // x = −1 gives −∞; x < −1 and NaN give NaN
    }

    /// <summary>The logistic function 1/(1 + e⁻ˣ): 0 and 1 at the extremes, never NaN for non-NaN x.</summary>
    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    /// <summary>The error function erf(x) = (2/√π)∫₀ˣ e^(−t²) dt.</summary>
    public static double Erf(double x)
    {
        double z = Math.Abs(x);
        double r = z < 1.5 ? ErfSeries(z) : 1.0 - ErfcContinuedFraction(z);
        return x < 0 ? -r : r;                  // NaN: r is NaN
    }

    /// <summary>The complementary error function erfc(x) = 1 − erf(x), with full relative precision in the right tail.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return x;
        double z = Math.Abs(x);
        double r = z < 1.5 ? 1.0 - ErfSeries(z) : ErfcContinuedFraction(z);
        return x < 0 ? 2.0 - r : r;
    }

    /// <summary>
    /// The standard normal CDF Φ(x) = ½·erfc(−x/√2), accurate in both tails: in the tails e^(−x²/2) is computed from x
    /// itself, so the rounding of x/√2 (amplified by 2z² in erfc z) does not cost precision.
    /// </summary>
    public static double NormalCdf(double x)
    {
        if (double.IsNaN(x)) return x;
        double z = -x * Sqrt1Over2;
        double a = Math.Abs(z);
        if (a < 1.5) return 0.5 * (1.0 - (z < 0 ? -ErfSeries(a) : ErfSeries(a)));
        double tail = 0.5 * ErfcContinuedFraction(a, ExpMinusHalfSquare(x));   // Φ(−|x|)
        return z > 0 ? tail : 1.0 - tail;
    }

    /// <summary>The standard normal density φ(x) = e^(−x²/2)/√(2π).</summary>
    public static double NormalPdf(double x) => InvSqrt2Pi * ExpMinusHalfSquare(x);

    /// <summary>
    /// erf on [0, 1.5) from the series erf z = (2/√π)·e^(−z²)·Σₙ 2ⁿz^(2n+1)/(1·3·…·(2n+1)); its terms are all positive,
    /// so there is no cancellation, and about 40 of them reach double precision at z = 1.5.
    /// </summary>
    private static double ErfSeries(double z)
    {
        double twoZ2 = 2.0 * z * z, term = z, sum = z;
        for (int n = 1; term > 1e-17 * sum; n++)
        {
            term *= twoZ2 / (2 * n + 1);
            sum += term;
        }
        return TwoOverSqrtPi * ExpMinusSquare(z) * sum;
    }

    /// <summary>
    /// erfc on [1.5, ∞] from Laplace's continued fraction erfc z = e^(−z²)/√π · 1/(z + ½/(z + 1/(z + (3/2)/(z + …)))),
    /// evaluated bottom-up (stable) to a depth of 10 + 240/z², which reaches double precision for z ≥ 1.5
    /// (about 117 levels there, 12 at z = 10).
    /// </summary>
    private static double ErfcContinuedFraction(double z) => ErfcContinuedFraction(z, ExpMinusSquare(z));

    /// <summary>The continued fraction with e^(−z²) supplied by the caller.</summary>
    private static double ErfcContinuedFraction(double z, double expMinusZ2)
    {
        int depth = 10 + (int)Math.Min(240.0 / (z * z), 1000.0);
        double f = z;
        for (int k = depth; k >= 1; k--) f = z + 0.5 * k / f;
        return InvSqrtPi * expMinusZ2 / f;
    }

    /// <summary>e^(−z²) with z² carried as hi + lo, so the rounding of z² does not become a relative error of up to 1e-13.</summary>
    private static double ExpMinusSquare(double z)
    {
        (double hi, double lo) = Square(z);
        double e = Math.Exp(-hi);
        return e == 0 ? 0 : e * (1.0 - lo); // lo is NaN when z² overflows
    }

    /// <summary>e^(−x²/2), with x² carried as hi + lo.</summary>
    private static double ExpMinusHalfSquare(double x)
    {
        (double hi, double lo) = Square(x);
        double e = Math.Exp(-0.5 * hi);
        return e == 0 ? 0 : e * (1.0 - 0.5 * lo); // lo is NaN when x² overflows
    }

    /// <summary>z² = hi + lo exactly (lo from a fused multiply-add).</summary>
    private static (double Hi, double Lo) Square(double z)
    {
        double hi = z * z;
        return (hi, Math.FusedMultiplyAdd(z, z, -hi));
    }
}
