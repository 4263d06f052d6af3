using System.Globalization;

namespace DeepNotes.Losses;

/// <summary>
/// Hinge embedding loss, like <c>torch.nn.HingeEmbeddingLoss</c>: x where y = 1, max(0, margin − x) where y = −1; see
/// <see cref="Functional.HingeEmbeddingLoss"/>. Input (usually distances) and ±1 target: broadcastable, same dtype.
/// </summary>
public sealed class HingeEmbeddingLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="margin">The margin (default 1).</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="margin"/> is not finite.</exception>
    public HingeEmbeddingLoss(double margin = 1.0, Reduction reduction = Reduction.Mean) : base(reduction)
    {
        if (!double.IsFinite(margin))
            throw new ArgumentOutOfRangeException(nameof(margin), margin,
                string.Create(CultureInfo.InvariantCulture, $"HingeEmbeddingLoss: margin must be finite, got {margin}."));
        Margin = margin;
    }

    /// <summary>The margin.</summary>
    public double Margin { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.HingeEmbeddingLoss(input, target, Margin, Reduction);

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"HingeEmbeddingLoss(margin: {Margin}, reduction: {Reduction})");
}
