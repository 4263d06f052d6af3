using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static DeepNotes.Kernels.SimdMath;

namespace DeepNotes.Kernels;

/// <summary>
/// Vectorised atan, atan2, asin and acos for float and double (TensorPrimitives computes these one element at a time).
/// Each reduces its argument to |t| ≤ tan(π/8) (atan) or z ≤ ¼ (asin), evaluates t + t·z·P(z) with z = t² and a
/// polynomial P fitted by tests/DeepNotes.Tests/Elementwise/reference/fit_vector_kernels.py, and adds back a multiple
/// m of π/4 split in a high part (exact when multiplied by m ≤ 4) and a low part. Within 2 ulp in both precisions
/// (pinned by VectorKernelAccuracyTests); special values (±0, ±∞, NaN) as the C library.
/// </summary>
internal static class InverseTrigKernels
{
    private const double QuarterPiHi = 0.7853981633974483, QuarterPiLo = 3.061616997868383e-17;
    private const double QuarterPiHiF = 0.785398006439209, QuarterPiLoF = 1.5695823663008923e-07;
    private const double TanPiOver8 = 0.41421356237309503;

    private static ReadOnlySpan<double> AtanD =>
    [
        -0.33333333333333187, 0.19999999999951815, -0.14285714280044026, 0.11111110776759447, -0.09090897585414695,
        0.07692057439988456, -0.06663075229586649, 0.05847696323165607, -0.05038499894536994, 0.03804554892856584,
        -0.017887779925664465,
    ];

    private static ReadOnlySpan<float> AtanF => [-0.3333331346511841f, 0.19998441636562347f, -0.1424306482076645f, 0.10590773075819016f, -0.060713041573762894f];

    private static ReadOnlySpan<double> AsinD =>
    [
        0.16666666666665406, 0.07500000000334901, 0.04464285683119154, 0.030381958992268913, 0.022371761908616495,
        0.01735964294164298, 0.013885868265586491, 0.012164970640893122, 0.00654651661791214, 0.019477305521095438,
        -0.016144303807402175, 0.031857655432785674,
    ];

    private static ReadOnlySpan<float> AsinF => [0.16666659712791443f, 0.07500503957271576f, 0.04451730102300644f, 0.031803760677576065f, 0.014456047676503658f, 0.03748978301882744f];

    public static void Atan<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsAccelerated) Map<T, AtanOp<T>>(x, d);
        else TensorPrimitives.Atan(x, d);
    }

    public static void Asin<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsAccelerated) Map<T, AsinOp<T>>(x, d);
        else TensorPrimitives.Asin(x, d);
    }

    public static void Acos<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsAccelerated) Map<T, AcosOp<T>>(x, d);
        else TensorPrimitives.Acos(x, d);
    }

    /// <summary>atan2(y, x) elementwise; a span of length 1 is broadcast.</summary>
    public static void Atan2<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsAccelerated) { Map<T, Atan2Op<T>>(y, x, d); return; }
        for (int i = 0; i < d.Length; i++) d[i] = T.Atan2(y[y.Length == 1 ? 0 : i], x[x.Length == 1 ? 0 : i]);
    }

    /// <summary>
    /// m·π/4 + s·atan(num/den) for 0 ≤ num ≤ den (den &gt; 0), with m ∈ {0, 1} chosen here and added to
    /// <paramref name="m"/>; <paramref name="s"/> is ±1 per lane. One division.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> AtanOfRatio<T>(Vector512<T> num, Vector512<T> den, Vector512<T> m, Vector512<T> s) where T : unmanaged
    {
        // above tan(π/8): atan(q) = π/4 + atan((q − 1)/(q + 1)), so |t| ≤ tan(π/8) always
        var mid = Vector512.GreaterThan(num, den * K<T>(TanPiOver8));
        var t = Vector512.ConditionalSelect(mid, num - den, num) / Vector512.ConditionalSelect(mid, num + den, den);
        m += s * (mid & K<T>(1));
        var z = t * t;
        var r = SimdVector.Fma(t * z, Poly(z, AtanD, AtanF), t);
        return Combine(m, s * r);
    }

    /// <summary>m·π/4 + r with π/4 in a high and a low part (m·high is exact for m ≤ 4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Combine<T>(Vector512<T> m, Vector512<T> r) where T : unmanaged
    {
        bool f = typeof(T) == typeof(float);
        return SimdVector.Fma(m, K<T>(f ? QuarterPiHiF : QuarterPiHi), SimdVector.Fma(m, K<T>(f ? QuarterPiLoF : QuarterPiLo), r));
    }

    private readonly struct AtanOp<T> : IVectorUnary<T> where T : unmanaged
    {
        public static Vector512<T> Invoke(Vector512<T> x)
        {
            // |x| > 1: atan|x| = π/2 − atan(1/|x|); NaN stays NaN (all comparisons false), ±∞ gives ±π/2
            var a = Vector512.Abs(x);
            var one = K<T>(1);
            var big = Vector512.GreaterThan(a, one);
            var num = Vector512.ConditionalSelect(big, one, a);
            var den = Vector512.ConditionalSelect(big, a, one);
            var r = AtanOfRatio(num, den, big & K<T>(2), Vector512.ConditionalSelect(big, K<T>(-1), one));
            return r | (x & SignMask<T>());
        }
    }

    private readonly struct Atan2Op<T> : IVectorBinary<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static Vector512<T> Invoke(Vector512<T> y, Vector512<T> x)
        {
            var ay = Vector512.Abs(y);
            var ax = Vector512.Abs(x);
            var swap = Vector512.GreaterThan(ay, ax);
            var num = Vector512.ConditionalSelect(swap, ax, ay);
            var den = Vector512.ConditionalSelect(swap, ay, ax);
            // |y| > |x|: π/2 − atan(|x|/|y|); then x < 0 (or −0): π − that
            var one = K<T>(1);
            var m = swap & K<T>(2);
            var s = Vector512.ConditionalSelect(swap, K<T>(-1), one);
            var xNegative = IsNegativeBits(x);
            m = Vector512.ConditionalSelect(xNegative, K<T>(4) - m, m);
            s = Vector512.ConditionalSelect(xNegative, -s, s);
            var r = AtanOfRatio(num, den, m, s) | (y & SignMask<T>());
            // NaN, ±∞, 0/0 and operands so large that num + den could overflow: the scalar atan2
            var special = ~(IsFinite(x) & IsFinite(y)) | Vector512.Equals(den, Vector512<T>.Zero)
                | Vector512.GreaterThan(den, K<T>(typeof(T) == typeof(float) ? 1e37 : 1e307));
            return special == Vector512<T>.Zero ? r : PatchLanes(r, special, y, x, static (b, a) => T.Atan2(b, a));
        }
    }

    /// <summary>asin of |x| as m·π/4 + s·r (m, s per lane) before the sign of x is applied; see <see cref="AsinOp{T}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<T> Big, Vector512<T> R) AsinCore<T>(Vector512<T> a) where T : unmanaged
    {
        // |x| > ½: asin a = π/2 − 2·asin(√((1 − a)/2)), so the polynomial only sees z ≤ ¼; |x| > 1 gives √(negative) = NaN
        var big = Vector512.GreaterThan(a, K<T>(0.5));
        var z = Vector512.ConditionalSelect(big, (K<T>(1) - a) * K<T>(0.5), a * a);
        var t = Vector512.ConditionalSelect(big, Vector512.Sqrt(z), a);
        return (big, SimdVector.Fma(t * z, Poly(z, AsinD, AsinF), t));
    }

    private readonly struct AsinOp<T> : IVectorUnary<T> where T : unmanaged
    {
        public static Vector512<T> Invoke(Vector512<T> x)
        {
            var (big, r) = AsinCore(Vector512.Abs(x));
            var y = Combine(big & K<T>(2), Vector512.ConditionalSelect(big, K<T>(-2), K<T>(1)) * r);
            return y | (x & SignMask<T>());
        }
    }

    private readonly struct AcosOp<T> : IVectorUnary<T> where T : unmanaged
    {
        public static Vector512<T> Invoke(Vector512<T> x)
        {
            // |x| ≤ ½: π/2 − asin x;  x > ½: 2·asin(√((1 − x)/2));  x < −½: π − 2·asin(√((1 + x)/2))
            var (big, r) = AsinCore(Vector512.Abs(x));
            var negative = Vector512.LessThan(x, Vector512<T>.Zero);
            var m = Vector512.ConditionalSelect(big, negative & K<T>(4), K<T>(2));
            var c = Vector512.ConditionalSelect(big, Vector512.ConditionalSelect(negative, K<T>(-2), K<T>(2)),
                Vector512.ConditionalSelect(negative, K<T>(1), K<T>(-1)));
            return Combine(m, c * r);
        }
    }
}
