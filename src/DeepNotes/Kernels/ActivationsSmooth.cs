using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static DeepNotes.Kernels.ActivationMath;
using V = DeepNotes.Kernels.ActivationVectorMath;

namespace DeepNotes.Kernels;

// Activations built on exp/erfc. Each op has a float vector form (IVectorOp<float>) and a precise scalar double form
// (IScalarOp) for Float64 tensors. Sigmoid, tanh and exact GELU compute on float lanes (a few ulps); ELU, Softplus and
// tanh-GELU widen each float vector to two double vectors, evaluate there and round once, so they are within an ulp.

/// <summary>Sigmoid 1/(1 + e⁻ˣ): 0 and 1 at the extremes, never NaN.</summary>
internal readonly struct SigmoidOp : IVectorOp<float>, IScalarOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => V.Sigmoid(x);
    public double Invoke(double x) => Sigmoid(x);
}

/// <summary>tanh x: ±1 at the extremes, full relative precision near 0.</summary>
internal readonly struct TanhOp : IVectorOp<float>, IScalarOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => V.Tanh(x);
    public double Invoke(double x) => Math.Tanh(x);
}

/// <summary>ELU: x for x &gt; 0, α·(eˣ − 1) otherwise (expm1, so small negative x keep their precision).</summary>
internal readonly struct EluOp(double alpha) : IVectorOp<float>, IScalarOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x)
    {
        var (lo, hi) = Vector512.Widen(x);
        return Vector512.Narrow(Apply(lo), Apply(hi));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<double> Apply(Vector512<double> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<double>.Zero), x, Vector512.Create(alpha) * V.Expm1(x));

    public double Invoke(double x) => x > 0 ? x : alpha * Expm1(x);
}

/// <summary>ELU backward from the saved input: g for x &gt; 0, g·α·eˣ otherwise (α at 0, as PyTorch's elu_backward).</summary>
internal readonly struct EluBackwardOp(double alpha) : IVectorOp2<float>, IScalarOp2
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> g, Vector512<float> x)
    {
        var (g0, g1) = Vector512.Widen(g);
        var (x0, x1) = Vector512.Widen(x);
        return Vector512.Narrow(Apply(g0, x0), Apply(g1, x1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<double> Apply(Vector512<double> g, Vector512<double> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<double>.Zero), g, g * Vector512.Create(alpha) * V.Exp(x));

    public double Invoke(double g, double x) => x > 0 ? g : g * alpha * Math.Exp(x);
}

/// <summary>
/// Softplus (1/β)·log(1 + e^(βx)), computed as (max(z, 0) + log1p(e^(−|z|)))/β with z = βx so that it neither
/// overflows for large z nor rounds to 0 for very negative z; x itself where z &gt; threshold (PyTorch's rule).
/// </summary>
internal readonly struct SoftplusOp(double beta, double threshold) : IVectorOp<float>, IScalarOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x)
    {
        var (lo, hi) = Vector512.Widen(x);
        return Vector512.Narrow(Apply(lo), Apply(hi));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<double> Apply(Vector512<double> x)
    {
        var z = x * Vector512.Create(beta);
        var soft = (Vector512.Max(z, Vector512<double>.Zero) + V.Log1pUnit(V.Exp(-Vector512.Abs(z)))) / Vector512.Create(beta);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(z, Vector512.Create(threshold)), x, soft);
    }

    public double Invoke(double x)
    {
        double z = beta * x;
        return z > threshold ? x : (Math.Max(z, 0) + Log1p(Math.Exp(-Math.Abs(z)))) / beta;
    }
}

/// <summary>Softplus backward from the saved input: g where βx &gt; threshold, else g·sigmoid(βx).</summary>
internal readonly struct SoftplusBackwardOp(double beta, double threshold) : IVectorOp2<float>, IScalarOp2
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> g, Vector512<float> x)
    {
        var (g0, g1) = Vector512.Widen(g);
        var (x0, x1) = Vector512.Widen(x);
        return Vector512.Narrow(Apply(g0, x0), Apply(g1, x1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<double> Apply(Vector512<double> g, Vector512<double> x)
    {
        var z = x * Vector512.Create(beta);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(z, Vector512.Create(threshold)), g, g * V.Sigmoid(z));
    }

    public double Invoke(double g, double x)
    {
        double z = beta * x;
        return z > threshold ? g : g * Sigmoid(z);
    }
}

/// <summary>
/// Exact GELU x·Φ(x), Φ the standard normal CDF (PyTorch's ½x·(1 + erf(x/√2))). Float32 on float lanes: with
/// a = |x|, e = e^(−a²/2) and R = Φ(−a)·e^(a²/2), GELU(x) = x·R·e for x &lt; 0 and x − x·R·e otherwise: the negative
/// tail keeps its relative precision down to the subnormals (PyTorch's 1 + erf loses it). Float64 through the
/// precise scalar erfc.
/// </summary>
internal readonly struct GeluOp : IVectorOp<float>, IScalarOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x)
    {
        var a = Vector512.MinNative(Vector512.Abs(x), Vector512.Create(15f));   // Φ(−15)·15 &lt; 2^−149; NaN stays in x
        var r = V.NormalTailRatio(a);
        var e = V.ExpMinusHalfSquare(a);
        // x·Φ(−a) with e last (a subnormal result rounds once); x·(1 − Φ(−a)) for x ≥ 0 (so +∞ gives +∞)
        return Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), x * r * e, x * (Vector512<float>.One - r * e));
    }

    public double Invoke(double x) => x * NormalCdf(x);
}

/// <summary>
/// Exact GELU backward: g·(Φ(x) + x·φ(x)) with φ(x) = e/√(2π). Float32 on float lanes, sharing e = e^(−x²/2) and R (see
/// <see cref="GeluOp"/>): e·(R + x/√(2π)) for x &lt; 0, 1 + e·(x/√(2π) − R) otherwise.
/// </summary>
internal readonly struct GeluBackwardOp : IVectorOp2<float>, IScalarOp2
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> g, Vector512<float> x)
    {
        var a = Vector512.MinNative(Vector512.Abs(x), Vector512.Create(15f));
        var negative = Vector512.LessThan(x, Vector512<float>.Zero);
        var r = V.NormalTailRatio(a);
        var u = V.ExpMinusHalfSquare(a) * Vector512.FusedMultiplyAdd(x, Vector512.Create((float)InvSqrt2Pi),
            Vector512.ConditionalSelect(negative, r, -r));
        return g * Vector512.ConditionalSelect(negative, u, Vector512<float>.One + u);
    }

    public double Invoke(double g, double x) => g * (NormalCdf(x) + x * NormalPdf(x));
}

/// <summary>
/// GELU, tanh approximation: ½x·(1 + tanh u), u = √(2/π)·(x + 0.044715x³), computed as x·sigmoid(2u)
/// (the same function, since ½(1 + tanh u) = sigmoid(2u)), which stays finite and precise at both extremes.
/// </summary>
internal readonly struct GeluTanhOp : IVectorOp<float>, IScalarOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x)
    {
        var (lo, hi) = Vector512.Widen(x);
        return Vector512.Narrow(lo * V.Sigmoid(TwoU(lo)), hi * V.Sigmoid(TwoU(hi)));
    }

    /// <summary>2u = 2√(2/π)·(x + κx³).</summary>
    internal static Vector512<double> TwoU(Vector512<double> x) =>
        Vector512.Create(2 * Sqrt2OverPi) * Vector512.FusedMultiplyAdd(x * x * Vector512.Create(GeluCubic), x, x);

    public double Invoke(double x) => x * Sigmoid(2 * Sqrt2OverPi * (x + GeluCubic * x * x * x));
}

/// <summary>
/// Backward of the tanh-approximated GELU: with s = sigmoid(2u), d/dx = ½(1 + tanh u) + ½x(1 − tanh²u)·u′
/// = s + 2x·s(1 − s)·√(2/π)(1 + 3κx²). Far out s(1 − s) is 0; the x in that term is limited to ±1e10 so that
/// 0·∞ cannot occur.
/// </summary>
internal readonly struct GeluTanhBackwardOp : IVectorOp2<float>, IScalarOp2
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> g, Vector512<float> x)
    {
        var (g0, g1) = Vector512.Widen(g);
        var (x0, x1) = Vector512.Widen(x);
        return Vector512.Narrow(Apply(g0, x0), Apply(g1, x1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Apply(Vector512<double> g, Vector512<double> x)
    {
        var s = V.Sigmoid(GeluTanhOp.TwoU(x));
        var du = Vector512.Create(2 * Sqrt2OverPi) * Vector512.FusedMultiplyAdd(x * x, Vector512.Create(3 * GeluCubic), Vector512<double>.One);
        return g * Vector512.FusedMultiplyAdd(x * s * (Vector512<double>.One - s), du, s);
    }

    public double Invoke(double g, double x)
    {
        double s = Sigmoid(2 * Sqrt2OverPi * (x + GeluCubic * x * x * x));
        double xc = Math.Clamp(x, -1e10, 1e10);
        return g * (s + 2 * xc * s * (1 - s) * Sqrt2OverPi * (1 + 3 * GeluCubic * xc * xc));
    }
}
