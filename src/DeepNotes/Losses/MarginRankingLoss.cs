using System.Globalization;

namespace DeepNotes.Losses;

/// <summary>
/// Ranking hinge max(0, −y·(x1 − x2) + margin), like <c>torch.nn.MarginRankingLoss</c>; see
/// <see cref="Functional.MarginRankingLoss"/>. Inputs and ±1 target: same rank (usually <c>[N]</c>), broadcastable.
/// </summary>
public sealed class MarginRankingLoss : MultiInputLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="margin">The margin (default 0).</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="margin"/> is not finite.</exception>
    public MarginRankingLoss(double margin = 0, Reduction reduction = Reduction.Mean) : base(reduction)
    {
        if (!double.IsFinite(margin))
            throw new ArgumentOutOfRangeException(nameof(margin), margin,
                string.Create(CultureInfo.InvariantCulture, $"MarginRankingLoss: margin must be finite, got {margin}."));
        Margin = margin;
    }

    /// <summary>The margin.</summary>
    public double Margin { get; }

    /// <summary>Computes the loss.</summary>
    /// <param name="input1">First scores, e.g. <c>[N]</c>.</param>
    /// <param name="input2">Second scores, same rank.</param>
    /// <param name="target">1 where input1 should rank higher, −1 where input2 should.</param>
    /// <returns>A 0-dim tensor, or the broadcast shape with <see cref="Reduction.None"/>.</returns>
    public Tensor Forward(Tensor input1, Tensor input2, Tensor target) => Functional.MarginRankingLoss(input1, input2, target, Margin, Reduction);

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"MarginRankingLoss(margin: {Margin}, reduction: {Reduction})");
}
