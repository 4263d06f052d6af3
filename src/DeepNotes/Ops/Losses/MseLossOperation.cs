using System.Numerics;
using System.Numerics.Tensors;

namespace DeepNotes.Ops.Losses;

/// <summary>
/// Mean squared error ℓ = (x − y)², fused: one SIMD pass for the values, one for each gradient.
/// Backward: ∂ℓ/∂x = 2(x − y), ∂ℓ/∂y = −2(x − y).
/// </summary>
internal sealed class MseLossOperation : IPointwiseLoss
{
    private static readonly MseLossOperation s_instance = new();

    public string Name => "MseLoss";

    public static Tensor Forward(Tensor input, Tensor target, LossReduction reduction) =>
        PointwiseLoss.Forward(s_instance, input, target, weight: null, reduction);

    public void Value<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> loss, int start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Subtract(x, y, loss);
        TensorPrimitives.Multiply(loss, loss, loss);
    }

    public void GradInput<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dx, int start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Subtract(x, y, dx);
        TensorPrimitives.Add(dx, dx, dx);
    }

    public void GradTarget<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dy, int start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Subtract(y, x, dy);
        TensorPrimitives.Add(dy, dy, dy);
    }

    /// <summary>±2(x − y).</summary>
    public Tensor DifferentiableGradient(Tensor x, Tensor y, bool ofTarget) =>
        Multiply.Forward(Subtract.Forward(x, y), Tensor.Scalar(ofTarget ? -2 : 2, x.DType));
}
