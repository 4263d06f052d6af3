using System.Numerics;

namespace DeepNotes.Ops.Losses;

/// <summary>
/// Poisson negative log-likelihood, as PyTorch's <c>poisson_nll_loss</c>: with logInput ℓ = eˣ − y·x, else
/// ℓ = x − y·ln(x + ε). With full, the Stirling term y·ln y − y + ½ln(2πy) is added where y &gt; 1.
/// Backward: ∂ℓ/∂x = eˣ − y (logInput) or 1 − y/(x + ε); ∂ℓ/∂y = −x or −ln(x + ε), plus ln y + 1/(2y) where y &gt; 1
/// with full (PyTorch composes the loss from differentiable ops, so the target receives a gradient too).
/// </summary>
internal sealed class PoissonNll(bool logInput, bool full, double eps) : IPointwiseLoss
{
    public string Name => "PoissonNllLoss";

    public static Tensor Forward(Tensor input, Tensor target, bool logInput, bool full, double eps, LossReduction reduction)
    {
        if (!double.IsFinite(eps))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, $"PoissonNllLoss: eps must be finite, got {ClassTargets.Format(eps)}.");
        return PointwiseLoss.Forward(new PoissonNll(logInput, full, eps), input, target, weight: null, reduction);
    }

    public void Value<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> loss, int start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T e = T.CreateTruncating(eps), half = T.CreateTruncating(0.5), twoPi = T.CreateTruncating(2 * Math.PI);
        for (int i = 0; i < loss.Length; i++)
        {
            T l = logInput ? T.Exp(x[i]) - y[i] * x[i] : x[i] - y[i] * T.Log(x[i] + e);
            if (full && y[i] > T.One) l += y[i] * T.Log(y[i]) - y[i] + half * T.Log(twoPi * y[i]);
            loss[i] = l;
        }
    }

    public void GradInput<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dx, int start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T e = T.CreateTruncating(eps);
        for (int i = 0; i < dx.Length; i++)
            dx[i] = logInput ? T.Exp(x[i]) - y[i] : T.One - y[i] / (x[i] + e);
    }

    public void GradTarget<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dy, int start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T e = T.CreateTruncating(eps), half = T.CreateTruncating(0.5);
        for (int i = 0; i < dy.Length; i++)
        {
            T d = logInput ? -x[i] : -T.Log(x[i] + e);
            if (full && y[i] > T.One) d += T.Log(y[i]) + half / y[i];
            dy[i] = d;
        }
    }

    /// <summary>
    /// eˣ − y or 1 − y/(x + ε) to x; −x or −ln(x + ε) to y, plus ln y + 1/(2y) where y &gt; 1 with full (evaluated on y
    /// replaced by 1 elsewhere, so that no NaN of ln y at y ≤ 0 reaches the masked-out branch's gradient).
    /// </summary>
    public Tensor DifferentiableGradient(Tensor x, Tensor y, bool ofTarget)
    {
        if (!ofTarget) return logInput ? x.Exp() - y : 1.0 - y / (x + eps);
        Tensor d = logInput ? -x : -(x + eps).Log();
        if (!full) return d;
        Tensor above = y.Greater(1.0), one = Tensor.Scalar(1, y.DType);
        Tensor yc = Tensor.Where(above, y, one);
        return d + Tensor.Where(above, yc.Log() + 0.5 / yc, Tensor.Scalar(0, y.DType));
    }
}
