using System.Numerics;
using System.Numerics.Tensors;

namespace DeepNotes.Ops.Losses;

/// <summary>
/// Two-class logistic loss on ±1 targets, as PyTorch's <c>soft_margin_loss</c>: ℓ = ln(1 + e^(−y·x)), computed as the
/// softplus max(−yx, 0) + ln(1 + e^−|yx|) so it stays finite where e^(−yx) overflows. Backward:
/// ∂ℓ/∂x = −y·σ(−yx), ∂ℓ/∂y = −x·σ(−yx) (PyTorch 1.13 refuses a target that requires grad; we differentiate it).
/// </summary>
internal sealed class SoftMargin : IPointwiseLoss
{
    private static readonly SoftMargin s_instance = new();

    public string Name => "SoftMarginLoss";

    public static Tensor Forward(Tensor input, Tensor target, LossReduction reduction) =>
        PointwiseLoss.Forward(s_instance, input, target, weight: null, reduction);

    public void Value<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> loss, int start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < loss.Length; i++)
        {
            T z = -(y[i] * x[i]);
            loss[i] = T.Max(z, T.Zero) + T.LogP1(T.Exp(-T.Abs(z)));
        }
    }

    public void GradInput<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dx, int start) where T : unmanaged, IFloatingPointIeee754<T> =>
        Gradient(x, y, y, dx);

    public void GradTarget<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dy, int start) where T : unmanaged, IFloatingPointIeee754<T> =>
        Gradient(x, y, x, dy);

    /// <summary>d = −other·σ(−yx).</summary>
    private static void Gradient<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> other, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Multiply(x, y, d);
        TensorPrimitives.Negate(d, d);
        TensorPrimitives.Sigmoid(d, d);
        TensorPrimitives.Multiply(d, other, d);
        TensorPrimitives.Negate(d, d);
    }

    /// <summary>−y·σ(−yx) to x, −x·σ(−yx) to y, as the kernels.</summary>
    public Tensor DifferentiableGradient(Tensor x, Tensor y, bool ofTarget)
    {
        Tensor s = (-(y * x)).Sigmoid();
        return -((ofTarget ? x : y) * s);
    }
}
