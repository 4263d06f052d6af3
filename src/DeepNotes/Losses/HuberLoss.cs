using System.Globalization;

namespace DeepNotes.Losses;

/// <summary>
/// Huber loss, like <c>torch.nn.HuberLoss</c>: quadratic for errors below δ, linear beyond; see
/// <see cref="Functional.HuberLoss"/>. Input and target: any shape, same shape and dtype.
/// </summary>
public sealed class HuberLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <param name="delta">The threshold δ &gt; 0 (default 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not positive and finite.</exception>
    public HuberLoss(Reduction reduction = Reduction.Mean, double delta = 1.0) : base(reduction)
    {
        if (!(delta > 0) || double.IsInfinity(delta))
            throw new ArgumentOutOfRangeException(nameof(delta), delta, $"HuberLoss: delta must be positive and finite, got {delta}.");
        Delta = delta;
    }

    /// <summary>The threshold δ between the quadratic and the linear part.</summary>
    public double Delta { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.HuberLoss(input, target, Reduction, Delta);

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"HuberLoss(reduction: {Reduction}, delta: {Delta})");
}
