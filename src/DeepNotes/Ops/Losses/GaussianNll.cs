
namespace DeepNotes.Ops.Losses;

/// <summary>
/// Gaussian negative log-likelihood, as PyTorch's <c>gaussian_nll_loss</c>: ℓ = ½(ln v + (x − y)²/v) (+ ½ln 2π with
/// full) where v = max(var, ε) is clamped without changing the gradient (PyTorch clamps a clone under no-grad).
/// var is the input's shape (heteroscedastic), or the input's shape with the last axis 1 or dropped (one variance per
/// sample, broadcast over the last axis). Composed of differentiable ops: input, target and var all get gradients.
/// </summary>
internal static class GaussianNll
{
    private const string Op = "GaussianNllLoss";

    public static Tensor Forward(Tensor input, Tensor target, Tensor var, bool full, double eps, LossReduction reduction)
    {
        LossReduce.Check(Op, reduction);
        PointwiseLoss.CheckInputAndTarget(Op, input, target);
        CompositeLoss.CheckFloat(Op, nameof(var), var, input.DType);
        if (!(eps >= 0) || double.IsInfinity(eps))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, $"{Op}: eps must be non-negative and finite, got {ClassTargets.Format(eps)}.");
        Shape xs = input.Shape, vs = var.Shape;
        if (vs != xs)
        {
            bool dropped = xs.Rank >= 1 && vs.Rank == xs.Rank - 1 && Enumerable.Range(0, vs.Rank).All(i => vs.Dims[i] == xs.Dims[i]);
            bool one = xs.Rank >= 1 && vs.Rank == xs.Rank && vs.Dims[^1] == 1
                && Enumerable.Range(0, vs.Rank - 1).All(i => vs.Dims[i] == xs.Dims[i]);
            if (dropped) var = var.Unsqueeze(-1);
            else if (!one)
                throw new ArgumentException(
                    $"{Op}: var {xs}, or {xs} with the last axis 1 or dropped, expected for input {xs}, got {vs}.", nameof(var));
        }
        using (Autograd.NoGrad())
        {
            if (var.Less(0.0).Any().Item<bool>())
                throw new ArgumentException($"{Op}: var has negative entries; variances must be non-negative.", nameof(var));
        }
        Tensor v = CompositeLoss.ClampMinStraightThrough(var, eps);
        Tensor diff = input - target;
        Tensor loss = 0.5 * (v.Log() + diff * diff / v);
        if (full) loss = loss + 0.5 * Math.Log(2 * Math.PI);
        return CompositeLoss.Reduce(loss, reduction);
    }
}
