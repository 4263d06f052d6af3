using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

// Piecewise-linear activations and the backward products that need no transcendental function, for float and
// double alike. Comparisons follow PyTorch's kernels exactly, including what a NaN does (noted per op).

/// <summary>ReLU: max(x, 0); NaN stays NaN (IEEE maximum), as <c>torch.relu</c>.</summary>
internal readonly struct ReluOp<T> : IVectorOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.Max(x, Vector512<T>.Zero);
}

/// <summary>ReLU backward from the saved output y: 0 where y ≤ 0, else g (PyTorch's threshold_backward; a NaN output passes g).</summary>
internal readonly struct ReluBackwardOp<T> : IVectorOp2<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> g, Vector512<T> y) => Vector512.AndNot(g, Vector512.LessThanOrEqual(y, Vector512<T>.Zero));
}

/// <summary>Leaky ReLU: x where x &gt; 0, else slope·x.</summary>
internal readonly struct LeakyReluOp<T>(T negativeSlope) : IVectorOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector512<T> _slope = Vector512.Create(negativeSlope);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), x, x * _slope);
}

/// <summary>Leaky ReLU backward from the saved input: g where x &gt; 0, else slope·g (so the gradient at 0 is the slope, as in PyTorch).</summary>
internal readonly struct LeakyReluBackwardOp<T>(T negativeSlope) : IVectorOp2<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector512<T> _slope = Vector512.Create(negativeSlope);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> g, Vector512<T> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), g, g * _slope);
}

/// <summary>ReLU6: min(max(x, 0), 6); NaN stays NaN.</summary>
internal readonly struct Relu6Op<T> : IVectorOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.Min(Vector512.Max(x, Vector512<T>.Zero), Vector512.Create(T.CreateTruncating(6)));
}

/// <summary>ReLU6 backward from the saved input: g only where 0 &lt; x &lt; 6 (PyTorch's hardtanh_backward: 0 at both kinks).</summary>
internal readonly struct Relu6BackwardOp<T> : IVectorOp2<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> g, Vector512<T> x)
    {
        var outside = Vector512.LessThanOrEqual(x, Vector512<T>.Zero) | Vector512.GreaterThanOrEqual(x, Vector512.Create(T.CreateTruncating(6)));
        return Vector512.AndNot(g, outside);
    }
}

/// <summary>Sign: 1 for x &gt; 0, −1 for x &lt; 0, 0 for ±0 and NaN (what PyTorch 1.13 returns for NaN).</summary>
internal readonly struct SignOp<T> : IVectorOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> x) =>
        (Vector512.GreaterThan(x, Vector512<T>.Zero) & Vector512<T>.One) - (Vector512.LessThan(x, Vector512<T>.Zero) & Vector512<T>.One);
}

/// <summary>Sigmoid backward from the saved output: g·(1 − y)·y.</summary>
internal readonly struct SigmoidBackwardOp<T> : IVectorOp2<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> g, Vector512<T> y) => g * (Vector512<T>.One - y) * y;
}

/// <summary>Tanh backward from the saved output: g·(1 − y²).</summary>
internal readonly struct TanhBackwardOp<T> : IVectorOp2<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> g, Vector512<T> y) => g * (Vector512<T>.One - y * y);
}
