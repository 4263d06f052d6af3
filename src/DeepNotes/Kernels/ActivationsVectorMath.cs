using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// Vector transcendental functions for the Float32 path of the activations: exp, sigmoid and tanh on 16 float lanes,
/// and exp, expm1, log1p, erfc and the normal CDF/density on 8 double lanes for the ops that widen floats to double
/// (GELU, ELU, Softplus) so that their float results are correctly rounded or within an ulp.
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

    /// <summary>eˣ within ~2 ulp for x in [−86, 88]; the argument is clamped to that range (no overflow, no subnormals).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        var v = Vector512.MinNative(Vector512.MaxNative(x, Vector512.Create(-86f)), Vector512.Create(88f));
        var k = Vector512.FusedMultiplyAdd(v, Vector512.Create((float)Log2E), Vector512.Create(RoundMagicF));
        var n = k - Vector512.Create(RoundMagicF);
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2HiF), v);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2LoF), r);   // |r| ≤ ln2/2
        var p = Vector512.Create(1f / 5040);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 720));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 120));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 24));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 6));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.5f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<float>.One);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<float>.One);
        var result = (p.AsInt32() + Vector512.ShiftLeft(k.AsInt32(), 23)).AsSingle();   // · 2ⁿ
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
        var p = Vector512.Create(6404582f / 10854718875f);
        p = Vector512.FusedMultiplyAdd(p, x2, Vector512.Create(-929569f / 638512875f));
        p = Vector512.FusedMultiplyAdd(p, x2, Vector512.Create(21844f / 6081075f));
        p = Vector512.FusedMultiplyAdd(p, x2, Vector512.Create(-1382f / 155925f));
        p = Vector512.FusedMultiplyAdd(p, x2, Vector512.Create(62f / 2835f));
        p = Vector512.FusedMultiplyAdd(p, x2, Vector512.Create(-17f / 315f));
        p = Vector512.FusedMultiplyAdd(p, x2, Vector512.Create(2f / 15f));
        p = Vector512.FusedMultiplyAdd(p, x2, Vector512.Create(-1f / 3f));
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
        var p = Vector512.Create(1.0 / 6227020800);                        // Taylor to r¹³: remainder < 1e-17
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 479001600));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 39916800));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 3628800));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 362880));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 40320));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 5040));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 720));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 120));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 24));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 6));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.5));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<double>.One);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<double>.One);
        var result = (p.AsInt64() + Vector512.ShiftLeft(k.AsInt64(), 52)).AsDouble();
        return Vector512.ConditionalSelect(Vector512.IsNaN(x), x, result);
    }

    /// <summary>eˣ − 1 to ~1e-15 relative: a Taylor polynomial below |x| = 0.35, <see cref="Exp(Vector512{double})"/> − 1 above.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Expm1(Vector512<double> x)
    {
        var p = Vector512.Create(1.0 / 6227020800);                        // 1/13!
        p = Vector512.FusedMultiplyAdd(p, x, Vector512.Create(1.0 / 479001600));
        p = Vector512.FusedMultiplyAdd(p, x, Vector512.Create(1.0 / 39916800));
        p = Vector512.FusedMultiplyAdd(p, x, Vector512.Create(1.0 / 3628800));
        p = Vector512.FusedMultiplyAdd(p, x, Vector512.Create(1.0 / 362880));
        p = Vector512.FusedMultiplyAdd(p, x, Vector512.Create(1.0 / 40320));
        p = Vector512.FusedMultiplyAdd(p, x, Vector512.Create(1.0 / 5040));
        p = Vector512.FusedMultiplyAdd(p, x, Vector512.Create(1.0 / 720));
        p = Vector512.FusedMultiplyAdd(p, x, Vector512.Create(1.0 / 120));
        p = Vector512.FusedMultiplyAdd(p, x, Vector512.Create(1.0 / 24));
        p = Vector512.FusedMultiplyAdd(p, x, Vector512.Create(1.0 / 6));
        p = Vector512.FusedMultiplyAdd(p, x, Vector512.Create(0.5));
        var small = Vector512.FusedMultiplyAdd(p * x, x, x);
        var large = Exp(x) - Vector512<double>.One;
        return Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(x), Vector512.Create(0.35)), small, large);
    }

    /// <summary>
    /// log(1 + u) for u in [0, 1] to ~1e-15 relative, as 2·atanh(s) with s = u/(2 + u) ≤ 1/3 (an odd series with
    /// ratio s² ≤ 1/9, no cancellation).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Log1pUnit(Vector512<double> u)
    {
        var s = u / (Vector512.Create(2.0) + u);
        var s2 = s * s;
        var p = Vector512.Create(1.0 / 29);
        for (int k = 13; k >= 1; k--) p = Vector512.FusedMultiplyAdd(p, s2, Vector512.Create(1.0 / (2 * k + 1)));
        var twoS = s + s;
        return Vector512.FusedMultiplyAdd(twoS * s2, p, twoS);
    }

    /// <summary>1/(1 + e⁻ˣ): exactly 0 and 1 far out, never NaN for non-NaN x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Sigmoid(Vector512<double> x) => Vector512<double>.One / (Vector512<double>.One + Exp(-x));

    /// <summary>
    /// erfc z to ~1.2e-9 relative (enough for float results): t·e^(P(t) − z²) with t = 1/(1 + |z|/2) and P a
    /// degree-13 polynomial fitted by tests/DeepNotes.Tests/Activations/reference/erfc_fit.py; 2 − erfc|z| for z &lt; 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Erfc(Vector512<double> z)
    {
        var a = Vector512.Abs(z);
        var t = Vector512<double>.One / Vector512.FusedMultiplyAdd(a, Vector512.Create(0.5), Vector512<double>.One);
        var p = Vector512.Create(0.1697633926518232);
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(-1.0486923731121804));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(2.6650780827196705));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(-3.456431089109659));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(2.2269428280883896));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(-0.5341718133362322));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(0.07736040174426584));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(-0.04793689670620387));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(-0.1617620905086324));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(-0.08267825749122476));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(0.08302611544116646));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(0.3750140666111714));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(0.9999997569406571));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(-1.2655121228073583));
        var r = t * Exp(Vector512.FusedMultiplyAdd(-a, a, p));
        return Vector512.ConditionalSelect(Vector512.LessThan(z, Vector512<double>.Zero), Vector512.Create(2.0) - r, r);
    }

    /// <summary>The standard normal CDF Φ(x) = ½·erfc(−x/√2), to ~1.2e-9 relative in both tails.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> NormalCdf(Vector512<double> x) =>
        Vector512.Create(0.5) * Erfc(x * Vector512.Create(-ActivationMath.Sqrt1Over2));

    /// <summary>The standard normal density φ(x) = e^(−x²/2)/√(2π) (e^−700 instead of smaller values, which floats cannot hold anyway).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> NormalPdf(Vector512<double> x) =>
        Vector512.Create(ActivationMath.InvSqrt2Pi) * Exp(x * x * Vector512.Create(-0.5));
}
