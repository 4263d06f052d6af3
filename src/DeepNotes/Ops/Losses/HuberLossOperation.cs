using System.Numerics;
using System.Numerics.Tensors;

namespace DeepNotes.Ops.Losses;

/// <summary>
/// Huber loss with threshold δ &gt; 0, as PyTorch's <c>huber_loss</c>: with d = x − y,
/// ℓ = ½d² when |d| &lt; δ, else δ(|d| − ½δ). Backward: ∂ℓ/∂x = clamp(d, −δ, δ), ∂ℓ/∂y = −clamp(d, −δ, δ).
/// </summary>
internal sealed class HuberLossOperation(double delta) : IPointwiseLoss
{
    public string Name => "HuberLoss";

    public static Tensor Forward(Tensor input, Tensor target, LossReduction reduction, double delta)
    {
        if (!(delta > 0) || double.IsInfinity(delta))
            throw new ArgumentOutOfRangeException(nameof(delta), delta, $"HuberLoss: delta must be positive and finite, got {delta}.");
        return PointwiseLoss.Forward(new HuberLossOperation(delta), input, target, weight: null, reduction);
    }

    public void Value<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> loss, int start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T d = T.CreateTruncating(delta), half = T.CreateTruncating(0.5);
        for (int i = 0; i < loss.Length; i++)
        {
            T z = T.Abs(x[i] - y[i]);
            loss[i] = z < d ? half * z * z : d * (z - half * d);
        }
    }

    public void GradInput<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dx, int start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T d = T.CreateTruncating(delta);
        TensorPrimitives.Subtract(x, y, dx);
        TensorPrimitives.Clamp(dx, -d, d, dx);
    }

    public void GradTarget<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dy, int start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T d = T.CreateTruncating(delta);
        TensorPrimitives.Subtract(y, x, dy);
        TensorPrimitives.Clamp(dy, -d, d, dy);
    }

    /// <summary>clamp(x − y, −δ, δ) to x, clamp(y − x, −δ, δ) to y, as the kernels.</summary>
    public Tensor DifferentiableGradient(Tensor x, Tensor y, bool ofTarget) => (ofTarget ? y - x : x - y).Clamp(-delta, delta);
}
