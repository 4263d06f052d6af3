using System.Globalization;

namespace DeepNotes.Losses;

/// <summary>
/// Smooth L1 loss, like <c>torch.nn.SmoothL1Loss</c>: ½d²/β for |d| &lt; β, |d| − ½β beyond; see
/// <see cref="Functional.SmoothL1Loss"/>. Input and target: any shape, same shape and dtype.
/// </summary>
public sealed class SmoothL1Loss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <param name="beta">The threshold β ≥ 0 (default 1; 0 gives the L1 loss).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is negative or not finite.</exception>
    public SmoothL1Loss(Reduction reduction = Reduction.Mean, double beta = 1.0) : base(reduction)
    {
        if (!(beta >= 0) || double.IsInfinity(beta))
            throw new ArgumentOutOfRangeException(nameof(beta), beta,
                string.Create(CultureInfo.InvariantCulture, $"SmoothL1Loss: beta must be non-negative and finite, got {beta}."));
        Beta = beta;
    }

    /// <summary>The threshold β between the quadratic and the linear part.</summary>
    public double Beta { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.SmoothL1Loss(input, target, Reduction, Beta);

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"SmoothL1Loss(reduction: {Reduction}, beta: {Beta})");
}
