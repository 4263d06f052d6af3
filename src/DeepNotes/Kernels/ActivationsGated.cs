using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static DeepNotes.Kernels.ActivationMath;
using V = DeepNotes.Kernels.ActivationVectorMath;

namespace DeepNotes.Kernels;

// Smooth activations of issue 14: SiLU, Mish, Tanhshrink, LogSigmoid and the scaled ELUs (SELU, CELU). Each has a
// float vector form and a precise scalar double form for Float64 tensors, like the ops of ActivationsSmooth.cs.

/// <summary>SiLU (swish) x·sigmoid(x); 0 below x = −88, where the true value is below 2^−120.</summary>
internal readonly struct SiluOp : IVectorOp<float>, IScalarOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => x * V.Sigmoid(x);

    public double Invoke(double x) => x * Sigmoid(x);
}

/// <summary>SiLU backward from the saved input: g·s·(1 + x·(1 − s)) with s = sigmoid(x), as PyTorch's silu_backward.</summary>
internal readonly struct SiluBackwardOp : IVectorOp2<float>, IScalarOp2
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> g, Vector512<float> x)
    {
        var s = V.Sigmoid(x);
        return g * s * Vector512.FusedMultiplyAdd(x, Vector512<float>.One - s, Vector512<float>.One);
    }

    public double Invoke(double g, double x)
    {
        double s = Sigmoid(x);
        return g * s * (1 + x * (1 - s));
    }
}

/// <summary>
/// tanh(softplus(x)) without a logarithm: with n = eˣ and p = n(n + 2), tanh(log(1 + n)) = p/(p + 2), written as
/// p/(p + 2) for x &lt; 0 (no cancellation for tiny p) and 1 − 2/(p + 2) otherwise (exactly 1 once p overflows).
/// </summary>
internal static class MishMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> TanhSoftplus(Vector512<float> x)
    {
        var n = V.Exp(x);
        var p = n * (n + Vector512.Create(2f));
        var q = p + Vector512.Create(2f);
        return Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), p / q, Vector512<float>.One - Vector512.Create(2f) / q);
    }

    public static double TanhSoftplus(double x)
    {
        double n = Math.Exp(x), p = n * (n + 2), q = p + 2;
        return x < 0 ? p / q : 1 - 2 / q;
    }
}

/// <summary>Mish x·tanh(softplus(x)).</summary>
internal readonly struct MishOp : IVectorOp<float>, IScalarOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => x * MishMath.TanhSoftplus(x);

    public double Invoke(double x) => x * MishMath.TanhSoftplus(x);
}

/// <summary>Mish backward from the saved input: g·(t + x·sigmoid(x)·(1 − t²)) with t = tanh(softplus(x)), as PyTorch's mish_backward.</summary>
internal readonly struct MishBackwardOp : IVectorOp2<float>, IScalarOp2
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> g, Vector512<float> x)
    {
        var t = MishMath.TanhSoftplus(x);
        var s = V.Sigmoid(x);
        return g * Vector512.FusedMultiplyAdd(x * s, Vector512<float>.One - t * t, t);
    }

    public double Invoke(double g, double x)
    {
        double t = MishMath.TanhSoftplus(x);
        return g * (t + x * Sigmoid(x) * (1 - t * t));
    }
}

/// <summary>Tanhshrink x − tanh(x) (computed as that difference, as PyTorch does).</summary>
internal readonly struct TanhshrinkOp : IVectorOp<float>, IScalarOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => x - V.Tanh(x);

    public double Invoke(double x) => x - Math.Tanh(x);
}

/// <summary>Tanhshrink backward from the saved input: g·tanh²(x).</summary>
internal readonly struct TanhshrinkBackwardOp : IVectorOp2<float>, IScalarOp2
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> g, Vector512<float> x)
    {
        var t = V.Tanh(x);
        return g * t * t;
    }

    public double Invoke(double g, double x)
    {
        double t = Math.Tanh(x);
        return g * t * t;
    }
}

/// <summary>
/// Log-sigmoid log(1/(1 + e⁻ˣ)) = min(x, 0) − log1p(e^(−|x|)): finite for any finite x and precise at both ends
/// (x far below 0 gives x, far above gives −e⁻ˣ). Float32 is widened to double and rounded once.
/// </summary>
internal readonly struct LogSigmoidOp : IVectorOp<float>, IScalarOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x)
    {
        var (lo, hi) = Vector512.Widen(x);
        return Vector512.Narrow(Apply(lo), Apply(hi));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Apply(Vector512<double> x) =>
        Vector512.Min(x, Vector512<double>.Zero) - V.Log1pUnit(V.Exp(-Vector512.Abs(x)));

    public double Invoke(double x) => Math.Min(x, 0) - Log1p(Math.Exp(-Math.Abs(x)));
}

/// <summary>Log-sigmoid backward from the saved input: g·sigmoid(−x) (½ at 0).</summary>
internal readonly struct LogSigmoidBackwardOp : IVectorOp2<float>, IScalarOp2
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> g, Vector512<float> x) => g * V.Sigmoid(-x);

    public double Invoke(double g, double x) => g * Sigmoid(-x);
}

/// <summary>
/// The scaled ELU family behind SELU and CELU (PyTorch's elu with scale and input scale): scale·x for x &gt; 0, else
/// α·scale·(e^(x·inputScale) − 1) with expm1. Float32 is widened to double and rounded once.
/// </summary>
internal readonly struct ScaledEluOp(double alpha, double scale, double inputScale) : IVectorOp<float>, IScalarOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x)
    {
        var (lo, hi) = Vector512.Widen(x);
        return Vector512.Narrow(Apply(lo), Apply(hi));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<double> Apply(Vector512<double> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<double>.Zero), x * Vector512.Create(scale),
            Vector512.Create(alpha * scale) * V.Expm1(x * Vector512.Create(inputScale)));

    public double Invoke(double x) => x > 0 ? scale * x : alpha * scale * Expm1(x * inputScale);
}

/// <summary>
/// Backward of the scaled ELU from the saved input: g·scale for x &gt; 0, else g·α·scale·inputScale·e^(x·inputScale) —
/// at 0 that is α·scale·inputScale (α·scale for SELU, 1 for CELU), as PyTorch's elu_backward.
/// </summary>
internal readonly struct ScaledEluBackwardOp(double alpha, double scale, double inputScale) : IVectorOp2<float>, IScalarOp2
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
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<double>.Zero), g * Vector512.Create(scale),
            g * Vector512.Create(alpha * scale * inputScale) * V.Exp(x * Vector512.Create(inputScale)));

    public double Invoke(double g, double x) => x > 0 ? g * scale : g * alpha * scale * inputScale * Math.Exp(x * inputScale);
}
