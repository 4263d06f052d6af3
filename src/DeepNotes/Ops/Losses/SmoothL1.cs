using System.Numerics;

namespace DeepNotes.Ops.Losses;

/// <summary>
/// Smooth L1 loss with threshold β ≥ 0, as PyTorch's <c>smooth_l1_loss</c>: with d = x − y,
/// ℓ = ½d²/β where |d| &lt; β, else |d| − ½β (β = 0 is the L1 loss). Backward as PyTorch's:
/// ∂ℓ/∂x = −1 where d ≤ −β, 1 where d ≥ β, d/β between; ∂ℓ/∂y is the same rule applied to y − x. With β = 0 and
/// d = 0 the first branch wins, so both gradients are −1 there, exactly as PyTorch 1.13's kernel.
/// </summary>
internal sealed class SmoothL1(double beta) : IPointwiseLoss
{
    public string Name => "SmoothL1Loss";

    public static Tensor Forward(Tensor input, Tensor target, LossReduction reduction, double beta)
    {
        if (!(beta >= 0) || double.IsInfinity(beta))
            throw new ArgumentOutOfRangeException(nameof(beta), beta,
                $"SmoothL1Loss: beta must be non-negative and finite, got {ClassTargets.Format(beta)}.");
        return PointwiseLoss.Forward(new SmoothL1(beta), input, target, weight: null, reduction);
    }

    public void Value<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> loss, int start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T b = T.CreateTruncating(beta), half = T.CreateTruncating(0.5);
        for (int i = 0; i < loss.Length; i++)
        {
            T z = T.Abs(x[i] - y[i]);
            loss[i] = z < b ? half * z * z / b : z - half * b;
        }
    }

    public void GradInput<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dx, int start) where T : unmanaged, IFloatingPointIeee754<T> =>
        Slope(x, y, dx);

    public void GradTarget<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dy, int start) where T : unmanaged, IFloatingPointIeee754<T> =>
        Slope(y, x, dy);

    /// <summary>s = −1 where d ≤ −β, +1 where d ≥ β, d/β between (PyTorch's branch order; NaN stays NaN).</summary>
    private void Slope<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T bt = T.CreateTruncating(beta);
        for (int i = 0; i < s.Length; i++)
        {
            T d = a[i] - b[i];
            s[i] = d <= -bt ? -T.One : d >= bt ? T.One : d / bt;
        }
    }

    /// <summary>
    /// clamp(d/β, −1, 1) with d = x − y (to x) or y − x (to y), as the kernels; for β = 0 the constant −1 where d ≤ 0
    /// and 1 elsewhere (the kernels' branch order).
    /// </summary>
    public Tensor DifferentiableGradient(Tensor x, Tensor y, bool ofTarget)
    {
        Tensor d = ofTarget ? y - x : x - y;
        if (beta > 0) return (d / beta).Clamp(-1.0, 1.0);
        return Tensor.Where(d.LessEqual(0.0), Tensor.Scalar(-1, x.DType), Tensor.Scalar(1, x.DType));
    }
}
