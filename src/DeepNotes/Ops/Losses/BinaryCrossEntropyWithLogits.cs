using System.Numerics;
using System.Numerics.Tensors;

namespace DeepNotes.Ops.Losses;

/// <summary>
/// Binary cross-entropy on logits, the stable form of BCE(σ(x), y) used by PyTorch's
/// <c>binary_cross_entropy_with_logits</c>. Without a positive weight: ℓ = max(x, 0) − x·y + ln(1 + e^−|x|), which
/// never overflows. With a positive weight pw (broadcast to the input, typically one per class on the last axis):
/// ℓ = (1 − y)·x + (1 + (pw − 1)·y)·softplus(−x), softplus(−x) = max(−x, 0) + ln(1 + e^−|x|).
/// Backward: ∂ℓ/∂x = (1 − y) − (1 + (pw − 1)·y)·σ(−x) (σ(x) − y without pw); ∂ℓ/∂y = −x + (pw − 1)·softplus(−x).
/// </summary>
internal sealed class BinaryCrossEntropyWithLogits(Tensor? posWeight) : IPointwiseLoss
{
    public string Name => "BinaryCrossEntropyWithLogits";

    public static Tensor Forward(Tensor input, Tensor target, Tensor? weight, Tensor? posWeight, LossReduction reduction)
    {
        const string op = "BinaryCrossEntropyWithLogits";
        PointwiseLoss.CheckInputAndTarget(op, input, target);
        Tensor? pw = posWeight is null ? null : PointwiseLoss.ExpandWeight(op, "posWeight", posWeight, input);
        return PointwiseLoss.Forward(new BinaryCrossEntropyWithLogits(pw), input, target, weight, reduction);
    }

    /// <summary>l = ln(1 + e^−|x|) ∈ (0, ln 2], in SIMD passes.</summary>
    private static void LogTerm<T>(ReadOnlySpan<T> x, Span<T> l) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Abs(x, l);
        TensorPrimitives.Negate(l, l);
        TensorPrimitives.Exp(l, l);
        TensorPrimitives.LogP1(l, l);
    }

    public void Value<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> loss, int start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        LogTerm(x, loss);
        if (posWeight is null)
        {
            // the small log term is added last, so it is not lost where the other terms cancel
            for (int i = 0; i < loss.Length; i++) loss[i] = (T.Max(x[i], T.Zero) - x[i] * y[i]) + loss[i];
            return;
        }
        var pw = posWeight.Span<T>().Slice(start, x.Length);
        for (int i = 0; i < loss.Length; i++)
        {
            T lw = T.One + (pw[i] - T.One) * y[i];
            loss[i] = ((T.One - y[i]) * x[i] + lw * T.Max(-x[i], T.Zero)) + lw * loss[i];
        }
    }

    public void GradInput<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dx, int start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (posWeight is null)
        {
            TensorPrimitives.Sigmoid(x, dx);
            TensorPrimitives.Subtract(dx, y, dx);
            return;
        }
        var pw = posWeight.Span<T>().Slice(start, x.Length);
        TensorPrimitives.Negate(x, dx);
        TensorPrimitives.Sigmoid(dx, dx); // σ(−x)
        for (int i = 0; i < dx.Length; i++)
            dx[i] = T.One - y[i] - (T.One + (pw[i] - T.One) * y[i]) * dx[i];
    }

    public void GradTarget<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dy, int start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (posWeight is null)
        {
            TensorPrimitives.Negate(x, dy);
            return;
        }
        var pw = posWeight.Span<T>().Slice(start, x.Length);
        LogTerm(x, dy);
        for (int i = 0; i < dy.Length; i++) dy[i] = (pw[i] - T.One) * (T.Max(-x[i], T.Zero) + dy[i]) - x[i];
    }

    /// <summary>
    /// Without posWeight: σ(x) − y to x and −x to y; with it, ℓ = (1 − y)x + (1 + (p − 1)y)·softplus(−x), so
    /// (1 − y) − (1 + (p − 1)y)·σ(−x) to x and (p − 1)·softplus(−x) − x to y (p broadcast, a constant).
    /// </summary>
    public Tensor DifferentiableGradient(Tensor x, Tensor y, bool ofTarget)
    {
        Tensor one = Tensor.Scalar(1, x.DType);
        if (posWeight is null)
            return ofTarget ? Negate.Forward(x) : Subtract.Forward(Activations.SigmoidOperation.Forward(x), y);
        Tensor pm1 = Subtract.Forward(posWeight, one);
        if (ofTarget)
            return Subtract.Forward(Multiply.Forward(pm1, Activations.SoftplusOperation.Forward(Negate.Forward(x), 1, 20)), x);
        Tensor coef = Add.Forward(one, Multiply.Forward(pm1, y));
        return Subtract.Forward(Subtract.Forward(one, y), Multiply.Forward(coef, Activations.SigmoidOperation.Forward(Negate.Forward(x))));
    }
}
