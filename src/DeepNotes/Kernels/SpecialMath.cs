namespace DeepNotes.Kernels;

/// <summary>
/// Log-gamma, digamma and trigamma in double precision: recurrence up to x ≥ 10, then the asymptotic (Stirling /
/// Bernoulli-number) series, and reflection for x &lt; 0.5. Absolute error ~1e-15 near the zeros of lgamma at 1 and 2,
/// relative error ~1e-15 elsewhere. Poles follow PyTorch: lgamma(0, −1, ...) = +∞, digamma(0) = −∞ (−0 gives +∞),
/// digamma(negative integer) = NaN, trigamma(non-positive integer) = +∞.
/// </summary>
internal static class SpecialMath
{
    private const double HalfLogTwoPi = 0.91893853320467274178;
    private const double Shift = 10;

    /// <summary>log |Γ(x)|.</summary>
    public static double LogGamma(double x)
    {
        if (double.IsNaN(x)) return x;
        if (double.IsInfinity(x)) return double.PositiveInfinity;
        if (x <= 0 && x == Math.Floor(x)) return double.PositiveInfinity;
        if (x < 0.5)
        {
            // Γ(x)Γ(1 − x) = π / sin(πx)
            return Math.Log(Math.PI / Math.Abs(SinPi(x))) - LogGamma(1 - x);
        }
        double shiftLog = 0;
        if (x < Shift)
        {
            double product = 1;
            while (x < Shift)
            {
                product *= x;
                x += 1;
            }
            shiftLog = Math.Log(product);
        }
        double inv = 1 / x, inv2 = inv * inv;
        // 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹) − 691/(360360x¹¹)
        double series = inv * (1.0 / 12 + inv2 * (-1.0 / 360 + inv2 * (1.0 / 1260 + inv2 * (-1.0 / 1680 + inv2 * (1.0 / 1188 + inv2 * (-691.0 / 360360))))));
        return (x - 0.5) * Math.Log(x) - x + HalfLogTwoPi + series - shiftLog;
    }

    /// <summary>ψ(x) = d/dx log Γ(x).</summary>
    public static double Digamma(double x)
    {
        if (double.IsNaN(x) || double.IsPositiveInfinity(x)) return x;
        if (double.IsNegativeInfinity(x)) return double.NaN;
        if (x == 0) return double.IsNegative(x) ? double.PositiveInfinity : double.NegativeInfinity;
        if (x < 0)
        {
            if (x == Math.Floor(x)) return double.NaN;
            // ψ(1 − x) − ψ(x) = π cot(πx)
            return Digamma(1 - x) - Math.PI / TanPi(x);
        }
        double acc = 0;
        while (x < Shift)
        {
            acc -= 1 / x;
            x += 1;
        }
        double inv2 = 1 / (x * x);
        // ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ)
        double series = inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760))))));
        return acc + Math.Log(x) - 0.5 / x - series;
    }

    /// <summary>
    /// ψ⁽ⁿ⁾(x) for n ≥ 1, the n-th derivative of <see cref="Digamma"/> (n = 1: <see cref="Trigamma"/>):
    /// (−1)ⁿ⁺¹·n!·Σₖ 1/(x+k)ⁿ⁺¹, summed directly up to x + k ≥ max(16, n + 10) (so negative non-integer x works too),
    /// then the asymptotic series (n−1)!/zⁿ + n!/(2zⁿ⁺¹) + Σⱼ B₂ⱼ·(2j+n−1)!/((2j)!·z²ʲ⁺ⁿ).
    /// </summary>
    public static double Polygamma(int n, double x)
    {
        if (n == 1) return Trigamma(x);
        if (double.IsNaN(x)) return x;
        if (double.IsPositiveInfinity(x)) return 0;
        if (double.IsNegativeInfinity(x)) return double.NaN;
        double sign = n % 2 == 1 ? 1 : -1;
        if (x <= 0 && x == Math.Floor(x)) return n % 2 == 1 ? double.PositiveInfinity : double.NaN;
        double factorial = 1; // n!
        for (int k = 2; k <= n; k++) factorial *= k;
        double acc = 0, limit = Math.Max(16, n + 10);
        while (x < limit)
        {
            acc += Math.Pow(x, -(n + 1));
            x += 1;
        }
        // asymptotic tail, in units of n!: (1/n)/zⁿ + 1/(2zⁿ⁺¹) + Σⱼ B₂ⱼ·(2j+n−1)!/(n!·(2j)!)/z^(2j+n)
        ReadOnlySpan<double> bernoulli = [1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6, -3617.0 / 510];
        double zn = Math.Pow(x, -n), tail = zn / n + 0.5 * zn / x;
        double ratio = 1.0 / n; // (2j+n−1)!/(n!·(2j)!), from j = 0 on
        double power = zn; // z^−(2j+n)
        for (int j = 1; j <= bernoulli.Length; j++)
        {
            ratio *= (2.0 * j + n - 1) * (2.0 * j + n - 2) / ((2.0 * j) * (2.0 * j - 1));
            power /= x * x;
            tail += bernoulli[j - 1] * ratio * power;
        }
        return sign * factorial * (acc + tail);
    }

    /// <summary>ψ′(x), the derivative of <see cref="Digamma"/>.</summary>
    public static double Trigamma(double x)
    {
        if (double.IsNaN(x)) return x;
        if (double.IsPositiveInfinity(x)) return 0;
        if (double.IsNegativeInfinity(x)) return double.NaN;
        if (x <= 0 && x == Math.Floor(x)) return double.PositiveInfinity;
        if (x < 0.5)
        {
            // ψ′(1 − x) + ψ′(x) = π² / sin²(πx)
            double s = SinPi(x);
            return Math.PI * Math.PI / (s * s) - Trigamma(1 - x);
        }
        double acc = 0;
        while (x < Shift)
        {
            acc += 1 / (x * x);
            x += 1;
        }
        double inv = 1 / x, inv2 = inv * inv;
        // 1/x + 1/(2x²) + Σ B₂ₖ/x^(2k+1)
        double series = inv + 0.5 * inv2 + inv * inv2 * (1.0 / 6 - inv2 * (1.0 / 30 - inv2 * (1.0 / 42 - inv2 * (1.0 / 30 - inv2 * (5.0 / 66 - inv2 * (691.0 / 2730))))));
        return acc + series;
    }

    /// <summary>sin(πx) with the argument reduced exactly first (no loss near large integers).</summary>
    private static double SinPi(double x)
    {
        double r = x - 2 * Math.Floor(x / 2); // [0, 2)
        return Math.Sin(Math.PI * r);
    }

    /// <summary>tan(πx) with the argument reduced to [0, 1) first.</summary>
    private static double TanPi(double x)
    {
        double r = x - Math.Floor(x);
        return Math.Tan(Math.PI * r);
    }
}
