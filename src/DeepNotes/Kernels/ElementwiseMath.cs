using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using MathNet.Numerics;

namespace DeepNotes.Kernels;

/// <summary>
/// Elementwise functions that TensorPrimitives lacks or computes too loosely (its LogP1/ExpM1 are log(1 + x) and
/// exp(x) − 1, which lose every digit for tiny x). Span in, span out; the vectorised TensorPrimitives pass does the
/// transcendental work and a cheap fix-up pass restores accuracy.
/// </summary>
internal static class ElementwiseMath
{
    /// <summary>ln(1 + x) to a few ulp for all x: log(u)·x/(u − 1) with u = 1 + x (Goldberg's correction), x where u rounds to 1.</summary>
    public static void Log1p<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] rented = ArrayPool<T>.Shared.Rent(x.Length);
        Span<T> u = rented.AsSpan(0, x.Length);
        TensorPrimitives.Add(x, T.One, u);
        TensorPrimitives.Log(u, d);
        for (int i = 0; i < d.Length; i++)
        {
            T ui = u[i];
            if (ui == T.One) d[i] = x[i];
            else if (T.IsFinite(ui) && ui > T.Zero) d[i] = d[i] * x[i] / (ui - T.One);
        }
        ArrayPool<T>.Shared.Return(rented);
    }

    /// <summary>eˣ − 1 to a few ulp for all x: (u − 1)·x/ln(u) with u = eˣ (Kahan's correction), x where u rounds to 1.</summary>
    public static void Expm1<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] rented = ArrayPool<T>.Shared.Rent(x.Length);
        Span<T> u = rented.AsSpan(0, x.Length);
        TensorPrimitives.Exp(x, u);
        TensorPrimitives.Log(u, d);
        for (int i = 0; i < d.Length; i++)
        {
            T ui = u[i], um1 = ui - T.One;
            if (ui == T.One) d[i] = x[i];
            else if (um1 == -T.One || !T.IsFinite(ui)) d[i] = um1;
            else d[i] = um1 * x[i] / d[i];
        }
        ArrayPool<T>.Shared.Return(rented);
    }

    /// <summary>
    /// 2ˣ to about 1 ulp: 2ⁿ·e^(f ln 2) with n = round(x) and f = x − n exact (TensorPrimitives.Exp2 loses ~100 ulp near
    /// the overflow threshold, where x ln 2 carries the rounding error of a large product).
    /// </summary>
    public static void Exp2<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] rented = ArrayPool<T>.Shared.Rent(x.Length);
        Span<T> n = rented.AsSpan(0, x.Length);
        TensorPrimitives.Round(x, n);
        TensorPrimitives.Subtract(x, n, d);
        TensorPrimitives.Multiply(d, T.CreateChecked(0.69314718055994530942), d);
        TensorPrimitives.Exp(d, d);
        T limit = T.CreateChecked(4000);
        for (int i = 0; i < d.Length; i++)
        {
            T ni = n[i];
            if (T.IsNaN(ni)) d[i] = ni;
            else if (T.IsInfinity(ni)) d[i] = ni > T.Zero ? ni : T.Zero;
            else d[i] = T.ScaleB(d[i], int.CreateTruncating(T.Clamp(ni, -limit, limit)));
        }
        ArrayPool<T>.Shared.Return(rented);
    }

    /// <summary>
    /// sinh x to a few ulp: from eˣ − 1 for |x| &lt; 1 (TensorPrimitives.Sinh cancels there, returning 0 for 1e-200),
    /// (eˣ − e⁻ˣ)/2 up to 20, and (½e^(x/2))·e^(x/2) beyond, so that it overflows only where sinh does.
    /// </summary>
    public static void Sinh<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] rented = ArrayPool<T>.Shared.Rent(x.Length);
        Span<T> a = rented.AsSpan(0, x.Length);
        TensorPrimitives.Abs(x, a);
        Expm1(a, d);
        T half = T.CreateChecked(0.5), twenty = T.CreateChecked(20);
        for (int i = 0; i < d.Length; i++)
        {
            T ai = a[i], t = d[i], r;
            if (ai < twenty) r = half * (t + t / (t + T.One));
            else { T h = T.Exp(half * ai); r = half * h * h; }
            d[i] = T.IsNegative(x[i]) ? -r : r;
        }
        ArrayPool<T>.Shared.Return(rented);
    }

    /// <summary>cosh x to a few ulp: (eˣ + e⁻ˣ)/2, and (½e^(x/2))·e^(x/2) beyond 20 so that it overflows only where cosh does.</summary>
    public static void Cosh<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] rented = ArrayPool<T>.Shared.Rent(x.Length);
        Span<T> a = rented.AsSpan(0, x.Length);
        TensorPrimitives.Abs(x, a);
        TensorPrimitives.Exp(a, d);
        T half = T.CreateChecked(0.5), twenty = T.CreateChecked(20);
        for (int i = 0; i < d.Length; i++)
        {
            T ai = a[i], e = d[i];
            if (ai < twenty) d[i] = half * (e + T.One / e);
            else { T h = T.Exp(half * ai); d[i] = half * h * h; }
        }
        ArrayPool<T>.Shared.Return(rented);
    }

    /// <summary>Python-style floor division ⌊x/y⌋ as <c>torch.div(x, y, rounding_mode="floor")</c> (so 5 // −∞ = −1).</summary>
    public static T FloorDivide<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (y == T.Zero) return x / y;
        T mod = x % y;
        T div = (x - mod) / y;
        if (mod != T.Zero && (y < T.Zero) != (mod < T.Zero)) div -= T.One;
        if (div == T.Zero) return T.CopySign(T.Zero, x / y);
        T floor = T.Floor(div);
        return div - floor > T.CreateChecked(0.5) ? floor + T.One : floor;
    }

    /// <summary>sin(πx)/(πx), 1 at x = 0, as <c>torch.sinc</c>.</summary>
    public static void Sinc<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] rented = ArrayPool<T>.Shared.Rent(x.Length);
        Span<T> p = rented.AsSpan(0, x.Length);
        TensorPrimitives.Multiply(x, T.Pi, p);
        TensorPrimitives.Sin(p, d);
        TensorPrimitives.Divide(d, p, d);
        for (int i = 0; i < d.Length; i++) if (x[i] == T.Zero) d[i] = T.One;
        ArrayPool<T>.Shared.Return(rented);
    }

    /// <summary>
    /// Rounds half to even at <paramref name="decimals"/> decimal places as <c>torch.round(x, decimals=n)</c>:
    /// round(x·10ⁿ)/10ⁿ for n &gt; 0, round(x/10⁻ⁿ)·10⁻ⁿ for n &lt; 0, with 10ⁿ rounded to <typeparamref name="T"/>.
    /// </summary>
    public static void Round<T>(ReadOnlySpan<T> x, Span<T> d, int decimals) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (decimals == 0) { TensorPrimitives.Round(x, d); return; }
        T ten = T.CreateChecked(Math.Pow(10, Math.Abs(decimals)));
        if (decimals > 0)
        {
            TensorPrimitives.Multiply(x, ten, d);
            TensorPrimitives.Round(d, d);
            TensorPrimitives.Divide(d, ten, d);
        }
        else
        {
            TensorPrimitives.Divide(x, ten, d);
            TensorPrimitives.Round(d, d);
            TensorPrimitives.Multiply(d, ten, d);
        }
    }

    /// <summary>x − trunc(x) (sign of x; NaN for ±∞), as <c>torch.frac</c>.</summary>
    public static void Frac<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Truncate(x, d);
        TensorPrimitives.Subtract(x, d, d);
    }

    /// <summary>ln(z/(1 − z)) with z = x, or x clamped to [eps, 1 − eps] when <paramref name="eps"/> is given, as <c>torch.logit</c>.</summary>
    public static void Logit<T>(ReadOnlySpan<T> x, Span<T> d, double? eps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] rented = ArrayPool<T>.Shared.Rent(x.Length);
        Span<T> z = rented.AsSpan(0, x.Length);
        if (eps is double e)
        {
            T lo = T.CreateChecked(e), hi = T.One - lo;
            for (int i = 0; i < z.Length; i++) { T v = x[i]; z[i] = v < lo ? lo : v > hi ? hi : v; }
        }
        else x.CopyTo(z);
        TensorPrimitives.Subtract(T.One, z, d);
        TensorPrimitives.Divide(z, d, d);
        TensorPrimitives.Log(d, d);
        ArrayPool<T>.Shared.Return(rented);
    }

    /// <summary>NaN, +∞ and −∞ replaced by the given values, as <c>torch.nan_to_num</c>.</summary>
    public static void NanToNum<T>(ReadOnlySpan<T> x, Span<T> d, T nan, T posInf, T negInf) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < d.Length; i++)
        {
            T v = x[i];
            d[i] = T.IsNaN(v) ? nan : T.IsPositiveInfinity(v) ? posInf : T.IsNegativeInfinity(v) ? negInf : v;
        }
    }

    /// <summary>The error function, to about 1 ulp (MathNet.Numerics' implementation, evaluated in double).</summary>
    public static void Erf(ReadOnlySpan<double> x, Span<double> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = ErfScalar(x[i]);
    }

    /// <summary>The error function in Float32 (vectorised, see <see cref="ErfFloat"/>).</summary>
    public static void Erf(ReadOnlySpan<float> x, Span<float> d) => ErfFloat.Erf(x, d);

    /// <summary>The complementary error function 1 − erf(x), accurate in the tail (relative error about 1 ulp up to x ≈ 26).</summary>
    public static void Erfc(ReadOnlySpan<double> x, Span<double> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = ErfcScalar(x[i]);
    }

    /// <summary>The complementary error function in Float32 (vectorised, see <see cref="ErfFloat"/>).</summary>
    public static void Erfc(ReadOnlySpan<float> x, Span<float> d) => ErfFloat.Erfc(x, d);

    /// <summary>The inverse error function on [−1, 1] (±∞ at ±1, NaN outside), as <c>torch.erfinv</c>.</summary>
    public static void Erfinv(ReadOnlySpan<double> x, Span<double> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = ErfinvScalar(x[i]);
    }

    /// <inheritdoc cref="Erfinv(ReadOnlySpan{double}, Span{double})"/>
    public static void Erfinv(ReadOnlySpan<float> x, Span<float> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = (float)ErfinvScalar(x[i]);
    }

    private static double ErfScalar(double x) =>
        double.IsNaN(x) ? x : double.IsInfinity(x) ? Math.Sign(x) : x == 0 ? x : SpecialFunctions.Erf(x);

    private static double ErfcScalar(double x) =>
        double.IsNaN(x) ? x : double.IsPositiveInfinity(x) ? 0 : double.IsNegativeInfinity(x) ? 2 : SpecialFunctions.Erfc(x);

    private static double ErfinvScalar(double x)
    {
        if (double.IsNaN(x) || x < -1 || x > 1) return double.NaN;
        if (x == 1) return double.PositiveInfinity;
        if (x == -1) return double.NegativeInfinity;
        if (x == 0) return x;
        return SpecialFunctions.ErfInv(x);
    }
}
