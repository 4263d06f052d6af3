using System.Globalization;

namespace DeepNotes.Losses;

/// <summary>
/// Cosine embedding loss, like <c>torch.nn.CosineEmbeddingLoss</c>: 1 − cos where y = 1, max(0, cos − margin) where
/// y = −1; see <see cref="Functional.CosineEmbeddingLoss"/>. Inputs <c>[N, D]</c> with target <c>[N]</c>, or
/// <c>[D]</c> with a 0-dim target.
/// </summary>
public sealed class CosineEmbeddingLoss : MultiInputLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="margin">The margin for dissimilar pairs, usually in [−1, 1] (default 0).</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="margin"/> is not finite.</exception>
    public CosineEmbeddingLoss(double margin = 0, Reduction reduction = Reduction.Mean) : base(reduction)
    {
        if (!double.IsFinite(margin))
            throw new ArgumentOutOfRangeException(nameof(margin), margin,
                string.Create(CultureInfo.InvariantCulture, $"CosineEmbeddingLoss: margin must be finite, got {margin}."));
        Margin = margin;
    }

    /// <summary>The margin.</summary>
    public double Margin { get; }

    /// <summary>Computes the loss.</summary>
    /// <param name="input1">First embeddings <c>[N, D]</c> or <c>[D]</c>.</param>
    /// <param name="input2">Second embeddings, same shape.</param>
    /// <param name="target">±1 per pair, <c>[N]</c> or 0-dim.</param>
    /// <returns>A 0-dim tensor, or <c>[N]</c> with <see cref="Reduction.None"/>.</returns>
    public Tensor Forward(Tensor input1, Tensor input2, Tensor target) => Functional.CosineEmbeddingLoss(input1, input2, target, Margin, Reduction);

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"CosineEmbeddingLoss(margin: {Margin}, reduction: {Reduction})");
}
