using System.Globalization;

namespace DeepNotes.Losses;

/// <summary>
/// Gaussian negative log-likelihood ½(ln v + (x − y)²/v), like <c>torch.nn.GaussianNLLLoss</c>; see
/// <see cref="Functional.GaussianNllLoss"/>. Input and target the same shape; var the same shape or one variance per
/// sample (last axis 1 or dropped).
/// </summary>
public sealed class GaussianNllLoss : MultiInputLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="full">Whether to add the constant ½ln(2π) (default false).</param>
    /// <param name="eps">The lower clamp of the variance (default 1e-6).</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eps"/> is negative or not finite.</exception>
    public GaussianNllLoss(bool full = false, double eps = 1e-6, Reduction reduction = Reduction.Mean) : base(reduction)
    {
        if (!(eps >= 0) || double.IsInfinity(eps))
            throw new ArgumentOutOfRangeException(nameof(eps), eps,
                string.Create(CultureInfo.InvariantCulture, $"GaussianNllLoss: eps must be non-negative and finite, got {eps}."));
        Full = full;
        Eps = eps;
    }

    /// <summary>Whether the constant term is added.</summary>
    public bool Full { get; }

    /// <summary>The lower clamp of the variance.</summary>
    public double Eps { get; }

    /// <summary>Computes the loss.</summary>
    /// <param name="input">Predicted means, e.g. <c>[N, D]</c>.</param>
    /// <param name="target">Samples, same shape.</param>
    /// <param name="var">Variances: <c>[N, D]</c>, <c>[N, 1]</c> or <c>[N]</c>.</param>
    /// <returns>A 0-dim tensor, or the input's shape with <see cref="Reduction.None"/>.</returns>
    public Tensor Forward(Tensor input, Tensor target, Tensor var) => Functional.GaussianNllLoss(input, target, var, Full, Eps, Reduction);

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"GaussianNllLoss(full: {Full}, eps: {Eps}, reduction: {Reduction})");
}
