using System.Numerics;
using System.Numerics.Tensors;

namespace DeepNotes.Ops.Losses;

/// <summary>
/// Kullback–Leibler divergence pointwise terms as PyTorch's <c>kl_div</c>, with the input x = log q (log-probabilities)
/// and the target t either probabilities, ℓ = t·(ln t − x) with 0·ln 0 = 0 (so zero targets contribute 0, not NaN),
/// or log-probabilities (<c>logTarget</c>), ℓ = eᵗ·(t − x).
/// Backward: ∂ℓ/∂x = −t (or −eᵗ); ∂ℓ/∂t = ln t + 1 − x (−∞ at t = 0, where PyTorch gives NaN) or eᵗ·(t − x + 1).
/// Accepts <see cref="LossReduction.BatchMean"/>: the sum divided by the first dimension.
/// </summary>
internal sealed class KLDivLossOperation(bool logTarget) : IPointwiseLoss
{
    private static readonly KLDivLossOperation s_probabilities = new(false), s_logProbabilities = new(true);

    public string Name => "KLDivLoss";

    public static Tensor Forward(Tensor input, Tensor target, LossReduction reduction, bool logTarget) =>
        PointwiseLoss.Forward(logTarget ? s_logProbabilities : s_probabilities, input, target, weight: null, reduction, allowBatchMean: true);

    public void Value<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> loss, int start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (logTarget)
        {
            TensorPrimitives.Exp(y, loss);
            for (int i = 0; i < loss.Length; i++) loss[i] *= y[i] - x[i];
            return;
        }
        TensorPrimitives.Log(y, loss);
        for (int i = 0; i < loss.Length; i++)
        {
            T t = y[i];
            T xlogy = t == T.Zero ? T.Zero : t * loss[i]; // PyTorch's xlogy(t, t): 0 where t = 0
            loss[i] = xlogy - t * x[i];
        }
    }

    public void GradInput<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dx, int start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (logTarget) TensorPrimitives.Exp(y, dx);
        else y.CopyTo(dx);
        TensorPrimitives.Negate(dx, dx);
    }

    public void GradTarget<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dy, int start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (logTarget)
        {
            TensorPrimitives.Exp(y, dy);
            for (int i = 0; i < dy.Length; i++) dy[i] *= y[i] - x[i] + T.One;
            return;
        }
        TensorPrimitives.Log(y, dy);
        for (int i = 0; i < dy.Length; i++) dy[i] += T.One - x[i];
    }

    /// <summary>−t (or −eᵗ) to x; ln t + 1 − x (or eᵗ·(t − x + 1)) to t, as the kernels.</summary>
    public Tensor DifferentiableGradient(Tensor x, Tensor y, bool ofTarget)
    {
        if (logTarget) return ofTarget ? y.Exp() * (y - x + 1.0) : -y.Exp();
        return ofTarget ? y.Log() + 1.0 - x : -y;
    }
}
