using System.Globalization;

namespace DeepNotes.Losses;

/// <summary>
/// Triplet margin loss with a distance function, like <c>torch.nn.TripletMarginWithDistanceLoss</c>; see
/// <see cref="Functional.TripletMarginWithDistanceLoss"/>.
/// </summary>
/// <example>
/// <code>
/// var loss = new TripletMarginWithDistanceLoss((a, b) =&gt; 1 - Functional.CosineSimilarity(a, b), margin: 0.5);
/// Tensor l = loss.Forward(anchor, positive, negative);
/// </code>
/// </example>
public sealed class TripletMarginWithDistanceLoss : MultiInputLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="distanceFunction">A differentiable distance of two batches (one value per sample); null for <see cref="Functional.PairwiseDistance"/>.</param>
    /// <param name="margin">The margin &gt; 0 (default 1).</param>
    /// <param name="swap">Whether to use the distance swap (default false).</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="margin"/> is not positive and finite (PyTorch's check).</exception>
    public TripletMarginWithDistanceLoss(Func<Tensor, Tensor, Tensor>? distanceFunction = null, double margin = 1.0, bool swap = false,
        Reduction reduction = Reduction.Mean) : base(reduction)
    {
        if (!(margin > 0) || double.IsInfinity(margin))
            throw new ArgumentOutOfRangeException(nameof(margin), margin,
                string.Create(CultureInfo.InvariantCulture, $"TripletMarginWithDistanceLoss: margin must be greater than 0 and finite, got {margin}."));
        DistanceFunction = distanceFunction;
        Margin = margin;
        Swap = swap;
    }

    /// <summary>The distance function, or null for the pairwise Euclidean distance.</summary>
    public Func<Tensor, Tensor, Tensor>? DistanceFunction { get; }

    /// <summary>The margin.</summary>
    public double Margin { get; }

    /// <summary>Whether the distance swap is used.</summary>
    public bool Swap { get; }

    /// <summary>Computes the loss.</summary>
    /// <param name="anchor">Anchors, e.g. <c>[N, D]</c>.</param>
    /// <param name="positive">Positives.</param>
    /// <param name="negative">Negatives.</param>
    /// <returns>A 0-dim tensor, or one value per sample with <see cref="Reduction.None"/>.</returns>
    public Tensor Forward(Tensor anchor, Tensor positive, Tensor negative) =>
        Functional.TripletMarginWithDistanceLoss(anchor, positive, negative, DistanceFunction, Margin, Swap, Reduction);

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"TripletMarginWithDistanceLoss(distance: {(DistanceFunction is null ? "PairwiseDistance" : "custom")}, margin: {Margin}, swap: {Swap}, reduction: {Reduction})");
}
