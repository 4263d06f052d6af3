using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// Vector transcendental functions for the Float32 path of the activations: exp, sigmoid, tanh and the normal
/// distribution's tail and density (exact GELU) on 16 float lanes, and exp, expm1 and log1p on 8 double lanes for the
/// ops that widen floats to double (ELU, Softplus, tanh-GELU) so that their float results are within an ulp.
/// </summary>
/// <remarks>
/// Our own exp rather than <c>Vector512.Exp</c>: on this machine (Zen 5) <c>Vector512.Exp</c> of doubles runs at a
/// third of the speed of these (range reduction by a magic-number round, a Taylor polynomial, the exponent added to
/// the bits), and TensorPrimitives' float tanh loses all relative precision near 0 (tanh(0) = −6e-8). On hardware
/// without AVX-512, .NET executes each <c>Vector512</c> operation as two 256-bit ones.
/// The exps clamp their argument (documented per function): callers only rely on them where the clamped value
/// gives the same rounded result.
/// </remarks>
internal static class ActivationVectorMath
{
    private const double Log2E = 1.4426950408889634;
    private const double RoundMagic = 6755399441055744.0;   // 1.5·2⁵²: adding it rounds to an integer in the low bits
    private const double Ln2Hi = 0.6931467056274414;        // ln 2 to 21 bits, so n·Ln2Hi is exact for |n| < 2³¹
    private const double Ln2Lo = 4.7493250390316726e-07;    // ln 2 − Ln2Hi
    private const float RoundMagicF = 12582912f;            // 1.5·2²³
    private const float Ln2HiF = 0.693145751953125f;
    private const float Ln2LoF = 1.428606765330187e-06f;

    // ------------------------------------------------------------------ float lanes

    /// <summary>
    /// eˣ within ~2 ulp for x in [−86, 88]; 0 below −86 (results under 4e-38 are flushed, never subnormal), e⁸⁸ above 88.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        var v = Vector512.MinNative(Vector512.MaxNative(x, Vector512.Create(-86f)), Vector512.Create(88f));
        var k = Vector512.FusedMultiplyAdd(v, Vector512.Create((float)Log2E), Vector512.Create(RoundMagicF));
        var n = k - Vector512.Create(RoundMagicF);
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2HiF), v);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2LoF), r);   // |r| ≤ ln2/2
        var p = Poly7(r, 1f, 1f, 1f / 2, 1f / 6, 1f / 24, 1f / 120, 1f / 720, 1f / 5040);
        var result = (p.AsInt32() + Vector512.ShiftLeft(k.AsInt32(), 23)).AsSingle();   // · 2ⁿ
        result = Vector512.AndNot(result, Vector512.LessThan(x, Vector512.Create(-86f)));
        return Vector512.ConditionalSelect(Vector512.IsNaN(x), x, result);
    }

    /// <summary>1/(1 + e⁻ˣ) within ~3 ulp; results below 2^−126 (x &lt; −88) are flushed to 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x)
    {
        var y = Vector512<float>.One / (Vector512<float>.One + Exp(-x));
        return Vector512.AndNot(y, Vector512.LessThan(x, Vector512.Create(-88f)));
    }

    /// <summary>
    /// tanh x within ~3 ulp: an odd Taylor polynomial below |x| = 0.55 (where 1 − 2/(e²ˣ + 1) would cancel),
    /// sign(x)·(1 − 2/(e^(2|x|) + 1)) above; ±1 at the extremes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        var a = Vector512.Abs(x);
        var x2 = x * x;
        var p = Poly7(x2, -1f / 3, 2f / 15, -17f / 315, 62f / 2835, -1382f / 155925, 21844f / 6081075,
            -929569f / 638512875, 6404582f / 10854718875);   // tanh's Taylor coefficients from x³ to x¹⁷, over x³
        var small = Vector512.FusedMultiplyAdd(p * x2, x, x);
        var large = Vector512<float>.One - Vector512.Create(2f) / (Exp(a + a) + Vector512<float>.One);
        large = Vector512.CopySign(large, x);
        return Vector512.ConditionalSelect(Vector512.LessThan(a, Vector512.Create(0.55f)), small, large);
    }

    // ------------------------------------------------------------------ double lanes

    /// <summary>eˣ within ~2 ulp for x in [−700, 700]; the argument is clamped to that range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exp(Vector512<double> x)
    {
        var v = Vector512.MinNative(Vector512.MaxNative(x, Vector512.Create(-700.0)), Vector512.Create(700.0));
        var k = Vector512.FusedMultiplyAdd(v, Vector512.Create(Log2E), Vector512.Create(RoundMagic));
        var n = k - Vector512.Create(RoundMagic);
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), v);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), r);     // |r| ≤ ln2/2
        var p = Poly13(r, 1, 1, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320, 1.0 / 362880,
            1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800);  // Taylor to r¹³: remainder < 1e-17
        var result = (p.AsInt64() + Vector512.ShiftLeft(k.AsInt64(), 52)).AsDouble();
        return Vector512.ConditionalSelect(Vector512.IsNaN(x), x, result);
    }

    /// <summary>eˣ − 1 to ~1e-15 relative: a Taylor polynomial below |x| = 0.35, <see cref="Exp(Vector512{double})"/> − 1 above.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Expm1(Vector512<double> x)
    {
        var p = Poly11(x, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320, 1.0 / 362880,
            1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800);  // (eˣ − 1 − x)/x², to x¹¹
        var small = Vector512.FusedMultiplyAdd(p * x, x, x);
        var large = Exp(x) - Vector512<double>.One;
        return Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(x), Vector512.Create(0.35)), small, large);
    }

    /// <summary>
    /// log(1 + u) for u in [0, 1] to ~2e-11 relative (ample for float results), as 2·atanh(s) with s = u/(2 + u) ≤ 1/3:
    /// the odd series 2s·(1 + s²/3 + s⁴/5 + …) has ratio s² ≤ 1/9 and no cancellation; ten terms.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Log1pUnit(Vector512<double> u)
    {
        var s = u / (Vector512.Create(2.0) + u);
        var s2 = s * s;
        var p = Poly9(s2, 1.0 / 3, 1.0 / 5, 1.0 / 7, 1.0 / 9, 1.0 / 11, 1.0 / 13, 1.0 / 15, 1.0 / 17, 1.0 / 19, 1.0 / 21);
        var twoS = s + s;
        return Vector512.FusedMultiplyAdd(twoS * s2, p, twoS);
    }

    /// <summary>1/(1 + e⁻ˣ): exactly 0 and 1 far out, never NaN for non-NaN x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Sigmoid(Vector512<double> x) => Vector512<double>.One / (Vector512<double>.One + Exp(-x));

    // ------------------------------------------------------------------ the normal distribution on float lanes (exact GELU)

    /// <summary>
    /// e^(−a²/2) within ~3 ulp for |a| ≤ 15: a² is carried as hi + lo (lo from an FMA, so the rounding of a², which
    /// e^(−a²/2) would amplify by a²/2 — up to 100 ulp at a = 14 — costs nothing), e^(−hi/2) by the float exp's
    /// reduction and polynomial, times 1 − lo/2. Results below 2^−126 are subnormal (scaled by 2⁶⁴ and back, so they
    /// underflow gradually instead of wrapping the exponent); 0 for a²/2 &gt; 104, where e^(−a²/2) &lt; 2^−150.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ExpMinusHalfSquare(Vector512<float> a)
    {
        var hi = a * a;
        var lo = Vector512.FusedMultiplyAdd(a, a, -hi);
        var v = hi * Vector512.Create(-0.5f);                                         // exact
        var vc = Vector512.MaxNative(v, Vector512.Create(-104f));
        var k = Vector512.FusedMultiplyAdd(vc, Vector512.Create((float)Log2E), Vector512.Create(RoundMagicF));
        var n = k - Vector512.Create(RoundMagicF);                                    // n in [−150, 0]
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2HiF), vc);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2LoF), r);              // |r| ≤ ln2/2
        var p = Poly7(r, 1f, 1f, 1f / 2, 1f / 6, 1f / 24, 1f / 120, 1f / 720, 1f / 5040);
        p = Vector512.FusedMultiplyAdd(p, lo * Vector512.Create(-0.5f), p);           // · e^(−lo/2)
        var scale = Vector512.ShiftLeft(k.AsInt32() + Vector512.Create(127 + 64), 23).AsSingle();   // 2^(n+64)
        var e = p * scale * Vector512.Create(5.421010862427522e-20f);                 // · 2^−64, rounds once if subnormal
        return Vector512.AndNot(e, Vector512.LessThan(v, Vector512.Create(-104f)));
    }

    /// <summary>
    /// R(a) = Φ(−a)·e^(a²/2) for 0 ≤ a ≤ 15 (Φ the standard normal CDF; R is ½ at 0 and ~1/(a√(2π)) far out), so that
    /// Φ(−a) = R(a)·<see cref="ExpMinusHalfSquare(Vector512{float})"/>(a) keeps its relative precision in the tail.
    /// R = t·Q(t) with t = 1/(1 + a/4) and Q the degree-9 polynomial fitted for relative error by
    /// tests/DeepNotes.Tests/Activations/reference/normal_tail_fit.py (9e-9 in exact arithmetic). Callers multiply by
    /// e^(−a²/2) last, so a result that underflows to a subnormal is rounded once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> NormalTailRatio(Vector512<float> a)
    {
        // R changes ~3× faster than t near a = 0 (relative to both), so t must be 1/(1 + a/4) to half an ulp: d = 1 + a/4
        // is carried as hi + lo (exact for a ≤ 15) and one Newton step corrects the rounded reciprocal
        var quarter = a * Vector512.Create(0.25f);
        var d = Vector512<float>.One + quarter;
        var dLo = (Vector512<float>.One - d) + quarter;
        var t0 = Vector512<float>.One / d;
        var residual = Vector512.FusedMultiplyAdd(-t0, d, Vector512<float>.One) - t0 * dLo;
        var t = Vector512.FusedMultiplyAdd(t0, residual, t0);
        var q = Poly9(t, 0.09974499f, 0.09954636f, 0.09508947f, 0.073903285f, 0.08136568f, 0.022216517f, 0.017380498f,
            0.05969637f, -0.06612062f, 0.01717745f);
        return t * q;
    }

    // ------------------------------------------------------------------ polynomials
    // Estrin's scheme: c0 + c1·x + … evaluated as a tree of FMAs on x, x², x⁴, x⁸. Horner's chain of 13 dependent FMAs
    // (~52 cycles of latency per vector) kept these kernels latency-bound; the tree is ~5 FMAs deep and ran them ~2× faster.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Poly7(Vector512<float> x, float c0, float c1, float c2, float c3, float c4, float c5, float c6, float c7)
    {
        var x2 = x * x;
        var a = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(c3), x, Vector512.Create(c2)), x2,
            Vector512.FusedMultiplyAdd(Vector512.Create(c1), x, Vector512.Create(c0)));
        var b = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(c7), x, Vector512.Create(c6)), x2,
            Vector512.FusedMultiplyAdd(Vector512.Create(c5), x, Vector512.Create(c4)));
        return Vector512.FusedMultiplyAdd(b, x2 * x2, a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Poly9(Vector512<float> x, float c0, float c1, float c2, float c3, float c4, float c5,
        float c6, float c7, float c8, float c9)
    {
        var x2 = x * x;
        var x4 = x2 * x2;
        var a = Vector512.FusedMultiplyAdd(Pair(x, c2, c3), x2, Pair(x, c0, c1));
        var b = Vector512.FusedMultiplyAdd(Pair(x, c6, c7), x2, Pair(x, c4, c5));
        return Vector512.FusedMultiplyAdd(Pair(x, c8, c9), x4 * x4, Vector512.FusedMultiplyAdd(b, x4, a));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Pair(Vector512<float> x, float c0, float c1) =>
        Vector512.FusedMultiplyAdd(Vector512.Create(c1), x, Vector512.Create(c0));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Pair(Vector512<double> x, double c0, double c1) =>
        Vector512.FusedMultiplyAdd(Vector512.Create(c1), x, Vector512.Create(c0));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Poly9(Vector512<double> x, double c0, double c1, double c2, double c3, double c4,
        double c5, double c6, double c7, double c8, double c9)
    {
        var x2 = x * x;
        var x4 = x2 * x2;
        var a = Vector512.FusedMultiplyAdd(Pair(x, c2, c3), x2, Pair(x, c0, c1));
        var b = Vector512.FusedMultiplyAdd(Pair(x, c6, c7), x2, Pair(x, c4, c5));
        return Vector512.FusedMultiplyAdd(Pair(x, c8, c9), x4 * x4, Vector512.FusedMultiplyAdd(b, x4, a));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Poly11(Vector512<double> x, double c0, double c1, double c2, double c3, double c4,
        double c5, double c6, double c7, double c8, double c9, double c10, double c11)
    {
        var x2 = x * x;
        var x4 = x2 * x2;
        var a = Vector512.FusedMultiplyAdd(Pair(x, c2, c3), x2, Pair(x, c0, c1));
        var b = Vector512.FusedMultiplyAdd(Pair(x, c6, c7), x2, Pair(x, c4, c5));
        var c = Vector512.FusedMultiplyAdd(Pair(x, c10, c11), x2, Pair(x, c8, c9));
        return Vector512.FusedMultiplyAdd(c, x4 * x4, Vector512.FusedMultiplyAdd(b, x4, a));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Poly13(Vector512<double> x, double c0, double c1, double c2, double c3, double c4,
        double c5, double c6, double c7, double c8, double c9, double c10, double c11, double c12, double c13)
    {
        var x2 = x * x;
        var x4 = x2 * x2;
        var a = Vector512.FusedMultiplyAdd(Pair(x, c2, c3), x2, Pair(x, c0, c1));
        var b = Vector512.FusedMultiplyAdd(Pair(x, c6, c7), x2, Pair(x, c4, c5));
        var c = Vector512.FusedMultiplyAdd(Pair(x, c10, c11), x2, Pair(x, c8, c9));
        var d = Vector512.FusedMultiplyAdd(Pair(x, c12, c13), x4, c);
        return Vector512.FusedMultiplyAdd(d, x4 * x4, Vector512.FusedMultiplyAdd(b, x4, a));
    }
}
