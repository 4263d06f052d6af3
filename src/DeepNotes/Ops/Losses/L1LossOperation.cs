using System.Numerics;
using System.Numerics.Tensors;

namespace DeepNotes.Ops.Losses;

/// <summary>
/// Mean absolute error ℓ = |x − y|. Backward: ∂ℓ/∂x = sign(x − y) with sign(0) = 0 (PyTorch's subgradient),
/// ∂ℓ/∂y = −sign(x − y).
/// </summary>
internal sealed class L1LossOperation : IPointwiseLoss
{
    private static readonly L1LossOperation s_instance = new();

    public string Name => "L1Loss";

    public static Tensor Forward(Tensor input, Tensor target, LossReduction reduction) =>
        PointwiseLoss.Forward(s_instance, input, target, weight: null, reduction);

    public void Value<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> loss, int start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Subtract(x, y, loss);
        TensorPrimitives.Abs(loss, loss);
    }

    public void GradInput<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dx, int start) where T : unmanaged, IFloatingPointIeee754<T> =>
        SignOfDifference(x, y, dx);

    public void GradTarget<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dy, int start) where T : unmanaged, IFloatingPointIeee754<T> =>
        SignOfDifference(y, x, dy);

    /// <summary>d = sign(a − b), 0 where equal (NaN stays NaN).</summary>
    private static void SignOfDifference<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < d.Length; i++)
        {
            T diff = a[i] - b[i];
            d[i] = diff > T.Zero ? T.One : diff < T.Zero ? -T.One : diff; // diff is ±0 or NaN here
        }
    }

    /// <summary>sign(x − y) to x, sign(y − x) to y (sign(0) = 0, as the kernels); piecewise constant.</summary>
    public Tensor DifferentiableGradient(Tensor x, Tensor y, bool ofTarget) => (ofTarget ? y - x : x - y).Sign();
}
