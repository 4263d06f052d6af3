using System.Globalization;

namespace DeepNotes.Losses;

/// <summary>
/// Triplet margin loss max(0, margin + d(a, p) − d(a, n)) with the p-norm distance, like
/// <c>torch.nn.TripletMarginLoss</c>; see <see cref="Functional.TripletMarginLoss"/>. Inputs <c>[N, D]</c> (or
/// <c>[D]</c>) of the same rank.
/// </summary>
public sealed class TripletMarginLoss : MultiInputLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="margin">The margin (default 1).</param>
    /// <param name="p">The norm degree ≥ 0 (default 2).</param>
    /// <param name="eps">Added to the differences (default 1e-6).</param>
    /// <param name="swap">Whether to use the distance swap (default false).</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <exception cref="ArgumentOutOfRangeException">The margin or ε is not finite, or p is negative or NaN.</exception>
    public TripletMarginLoss(double margin = 1.0, double p = 2, double eps = 1e-6, bool swap = false, Reduction reduction = Reduction.Mean)
        : base(reduction)
    {
        if (!double.IsFinite(margin))
            throw new ArgumentOutOfRangeException(nameof(margin), margin,
                string.Create(CultureInfo.InvariantCulture, $"TripletMarginLoss: margin must be finite, got {margin}."));
        if (double.IsNaN(p) || p < 0)
            throw new ArgumentOutOfRangeException(nameof(p), p, string.Create(CultureInfo.InvariantCulture, $"TripletMarginLoss: p must be ≥ 0, got {p}."));
        if (!double.IsFinite(eps))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, string.Create(CultureInfo.InvariantCulture, $"TripletMarginLoss: eps must be finite, got {eps}."));
        Margin = margin;
        P = p;
        Eps = eps;
        Swap = swap;
    }

    /// <summary>The margin.</summary>
    public double Margin { get; }

    /// <summary>The norm degree.</summary>
    public double P { get; }

    /// <summary>The value added to the differences.</summary>
    public double Eps { get; }

    /// <summary>Whether the distance swap is used.</summary>
    public bool Swap { get; }

    /// <summary>Computes the loss.</summary>
    /// <param name="anchor">Anchors <c>[N, D]</c>.</param>
    /// <param name="positive">Positives, same rank.</param>
    /// <param name="negative">Negatives, same rank.</param>
    /// <returns>A 0-dim tensor, or <c>[N]</c> with <see cref="Reduction.None"/>.</returns>
    public Tensor Forward(Tensor anchor, Tensor positive, Tensor negative) =>
        Functional.TripletMarginLoss(anchor, positive, negative, Margin, P, Eps, Swap, Reduction);

    /// <inheritdoc/>
    public override string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"TripletMarginLoss(margin: {Margin}, p: {P}, eps: {Eps}, swap: {Swap}, reduction: {Reduction})");
}
