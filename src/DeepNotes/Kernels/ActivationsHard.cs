using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

// Piecewise activations of issue 14 (hard sigmoid/swish/tanh, shrinkages, threshold, softsign) and their backward
// products, for float and double alike. Each comparison is written as PyTorch 1.13's CPU kernel writes it, so the
// value at a kink (and what a NaN does) is PyTorch's; the notes per op say which side a kink belongs to.

/// <summary>Hardtanh: min(max(x, min), max) (a NaN stays NaN).</summary>
internal readonly struct HardtanhOp<T>(T min, T max) : IVectorOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector512<T> _min = Vector512.Create(min), _max = Vector512.Create(max);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.Min(Vector512.Max(x, _min), _max);
}

/// <summary>Hardtanh backward from the saved input: g only where min &lt; x &lt; max (0 at both kinks, as hardtanh_backward).</summary>
internal readonly struct HardtanhBackwardOp<T>(T min, T max) : IVectorOp2<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector512<T> _min = Vector512.Create(min), _max = Vector512.Create(max);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> g, Vector512<T> x) =>
        Vector512.AndNot(g, Vector512.LessThanOrEqual(x, _min) | Vector512.GreaterThanOrEqual(x, _max));
}

/// <summary>Hardsigmoid: min(max(x + 3, 0), 6)/6.</summary>
internal readonly struct HardsigmoidOp<T> : IVectorOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> x)
    {
        var six = Vector512.Create(T.CreateTruncating(6));
        return Vector512.Min(Vector512.Max(x + Vector512.Create(T.CreateTruncating(3)), Vector512<T>.Zero), six) / six;
    }
}

/// <summary>Hardsigmoid backward from the saved input: g/6 where −3 &lt; x &lt; 3, else 0 (0 at ±3, as hardsigmoid_backward).</summary>
internal readonly struct HardsigmoidBackwardOp<T> : IVectorOp2<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> g, Vector512<T> x)
    {
        var three = Vector512.Create(T.CreateTruncating(3));
        var inside = Vector512.GreaterThan(x, -three) & Vector512.LessThan(x, three);
        return (g * Vector512.Create(T.One / T.CreateTruncating(6))) & inside;
    }
}

/// <summary>Hardswish: x·min(max(x + 3, 0), 6)/6 — 0 for x ≤ −3, x for x ≥ 3.</summary>
internal readonly struct HardswishOp<T> : IVectorOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> x)
    {
        var six = Vector512.Create(T.CreateTruncating(6));
        return x * Vector512.Min(Vector512.Max(x + Vector512.Create(T.CreateTruncating(3)), Vector512<T>.Zero), six) / six;
    }
}

/// <summary>
/// Hardswish backward from the saved input, as PyTorch 1.13's hardswish_backward: 0 for x &lt; −3, g·(x/3 + ½) for
/// −3 ≤ x &lt; 3, g from 3 on — so the gradient is −½ at −3 (the middle piece's slope) and 1 at 3.
/// </summary>
internal readonly struct HardswishBackwardOp<T> : IVectorOp2<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> g, Vector512<T> x)
    {
        var three = Vector512.Create(T.CreateTruncating(3));
        var inner = g * (x / three + Vector512.Create(T.One / T.CreateTruncating(2)));
        var result = Vector512.ConditionalSelect(Vector512.LessThan(x, three), inner, g);
        return Vector512.AndNot(result, Vector512.LessThan(x, -three));
    }
}

/// <summary>Hardshrink: 0 where −λ ≤ x ≤ λ, else x (a NaN stays NaN).</summary>
internal readonly struct HardshrinkOp<T>(T lambda) : IVectorOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector512<T> _lambda = Vector512.Create(lambda);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> x) =>
        Vector512.AndNot(x, Vector512.GreaterThanOrEqual(x, -_lambda) & Vector512.LessThanOrEqual(x, _lambda));
}

/// <summary>
/// Backward of both shrinkages from the saved input: 0 where −λ ≤ x ≤ λ, else g (so 0 at ±λ, as PyTorch's
/// hardshrink_backward and softshrink_backward).
/// </summary>
internal readonly struct ShrinkBackwardOp<T>(T lambda) : IVectorOp2<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector512<T> _lambda = Vector512.Create(lambda);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> g, Vector512<T> x) =>
        Vector512.AndNot(g, Vector512.GreaterThanOrEqual(x, -_lambda) & Vector512.LessThanOrEqual(x, _lambda));
}

/// <summary>Softshrink: x − λ for x &gt; λ, x + λ for x &lt; −λ, else 0 (also 0 for NaN, as PyTorch 1.13's kernel).</summary>
internal readonly struct SoftshrinkOp<T>(T lambda) : IVectorOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector512<T> _lambda = Vector512.Create(lambda);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> x)
    {
        var above = Vector512.GreaterThan(x, _lambda);
        var below = Vector512.LessThan(x, -_lambda);
        return ((x - _lambda) & above) | ((x + _lambda) & below);
    }
}

/// <summary>Threshold: value where x ≤ threshold, else x (a NaN passes through, as torch.threshold).</summary>
internal readonly struct ThresholdOp<T>(T threshold, T value) : IVectorOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector512<T> _threshold = Vector512.Create(threshold), _value = Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.ConditionalSelect(Vector512.LessThanOrEqual(x, _threshold), _value, x);
}

/// <summary>Threshold backward from the saved input: 0 where x ≤ threshold, else g (threshold_backward).</summary>
internal readonly struct ThresholdBackwardOp<T>(T threshold) : IVectorOp2<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector512<T> _threshold = Vector512.Create(threshold);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> g, Vector512<T> x) => Vector512.AndNot(g, Vector512.LessThanOrEqual(x, _threshold));
}

/// <summary>Softsign: x/(1 + |x|).</summary>
internal readonly struct SoftsignOp<T> : IVectorOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> x) => x / (Vector512.Abs(x) + Vector512<T>.One);
}

/// <summary>Softsign backward from the saved input: g/(1 + |x|)² (1 at 0).</summary>
internal readonly struct SoftsignBackwardOp<T> : IVectorOp2<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> g, Vector512<T> x)
    {
        var d = Vector512.Abs(x) + Vector512<T>.One;
        return g / (d * d);
    }
}
