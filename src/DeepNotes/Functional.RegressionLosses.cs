using DeepNotes.Losses;

namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// Smooth L1 loss, like <c>F.smooth_l1_loss</c>: with d = x − y, ½d²/β where |d| &lt; β and |d| − ½β beyond
    /// (β = 0 gives the L1 loss). Equals <see cref="HuberLoss"/>/β. <paramref name="input"/> and
    /// <paramref name="target"/> have the same shape and dtype; the result is 0-dim, or the input's shape with
    /// <see cref="Reduction.None"/>. Gradient as PyTorch's: d/β inside, sign(d) beyond, 0 at d = 0.
    /// </summary>
    /// <param name="input">Predictions, any shape, Float32 or Float64.</param>
    /// <param name="target">Targets, same shape and dtype.</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <param name="beta">The threshold β ≥ 0 (default 1).</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">Shapes or dtypes differ, the reduction is BatchMean, or β is negative or not finite.</exception>
    public static Tensor SmoothL1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double beta = 1.0) =>
        Ops.Losses.SmoothL1.Forward(input, target, reduction.ToOps(), beta);

    /// <summary>
    /// Poisson negative log-likelihood, like <c>F.poisson_nll_loss</c>: eˣ − y·x with <paramref name="logInput"/> (the
    /// input is the log of the rate), else x − y·ln(x + ε). With <paramref name="full"/> the Stirling term
    /// y·ln y − y + ½ln(2πy) is added where y &gt; 1. Same shape and dtype; both arguments are differentiable.
    /// </summary>
    /// <param name="input">The (log-)rate, any shape, Float32 or Float64.</param>
    /// <param name="target">Counts, same shape and dtype.</param>
    /// <param name="logInput">Whether the input is the log-rate (default true).</param>
    /// <param name="full">Whether to add the Stirling approximation term (default false).</param>
    /// <param name="eps">ε added inside the logarithm when <paramref name="logInput"/> is false (default 1e-8).</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">Shapes or dtypes differ, BatchMean, or ε not finite.</exception>
    public static Tensor PoissonNllLoss(Tensor input, Tensor target, bool logInput = true, bool full = false, double eps = 1e-8,
        Reduction reduction = Reduction.Mean) =>
        Ops.Losses.PoissonNll.Forward(input, target, logInput, full, eps, reduction.ToOps());

    /// <summary>
    /// Gaussian negative log-likelihood, like <c>F.gaussian_nll_loss</c>: ½(ln v + (x − y)²/v), plus ½ln(2π) with
    /// <paramref name="full"/>, where v = max(var, ε) (the clamp leaves the gradient unchanged, as PyTorch's does).
    /// </summary>
    /// <remarks>
    /// Shapes: input and target the same, e.g. <c>[N, D]</c>; var the same shape (one variance per element), or the
    /// input's shape with the last axis 1 or dropped (<c>[N, 1]</c> or <c>[N]</c>: one variance per sample). The result
    /// is 0-dim, or the input's shape with <see cref="Reduction.None"/>; Mean averages over every element.
    /// Input, target and var are all differentiable.
    /// </remarks>
    /// <param name="input">The predicted means, Float32 or Float64.</param>
    /// <param name="target">Samples, same shape and dtype.</param>
    /// <param name="var">Non-negative variances (see the shapes above).</param>
    /// <param name="full">Whether to add the constant ½ln(2π) (default false).</param>
    /// <param name="eps">The lower clamp of var (default 1e-6).</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">Shapes or dtypes that do not fit (named), a negative variance, BatchMean, or a bad ε.</exception>
    public static Tensor GaussianNllLoss(Tensor input, Tensor target, Tensor var, bool full = false, double eps = 1e-6,
        Reduction reduction = Reduction.Mean) =>
        Ops.Losses.GaussianNll.Forward(input, target, var, full, eps, reduction.ToOps());
}
