
namespace DeepNotes.Ops.Losses;

/// <summary>
/// Triplet margin losses, as PyTorch's <c>triplet_margin_loss</c> and <c>triplet_margin_with_distance_loss</c>:
/// ℓ = max(0, margin + d(a, p) − d(a, n)), with d(a, n) replaced by min(d(a, n), d(p, n)) when swapping. Composed of
/// differentiable ops: the kink passes the gradient (clamp_min's rule) and a tie in the swap minimum splits it.
/// </summary>
internal static class TripletMargin
{
    /// <summary>The p-norm distance version (PyTorch's <c>triplet_margin_loss</c>).</summary>
    public static Tensor Forward(Tensor anchor, Tensor positive, Tensor negative, double margin, double p, double eps, bool swap,
        LossReduction reduction)
    {
        const string op = "TripletMarginLoss";
        LossReduce.Check(op, reduction);
        Check(op, anchor, positive, negative, margin);
        if (anchor.Rank != positive.Rank || anchor.Rank != negative.Rank)
            throw new ArgumentException(
                $"{op}: anchor, positive and negative must have the same number of dimensions, got {anchor.Shape}, {positive.Shape} and {negative.Shape}.");
        return Combine(op, (a, b) => Distances.PairwiseDistance(op, a, b, p, eps, keepDim: false), anchor, positive, negative, margin, swap, reduction);
    }

    /// <summary>The version with a distance function (pairwise Euclidean distance when null).</summary>
    public static Tensor Forward(Tensor anchor, Tensor positive, Tensor negative, Func<Tensor, Tensor, Tensor>? distanceFunction,
        double margin, bool swap, LossReduction reduction)
    {
        const string op = "TripletMarginWithDistanceLoss";
        LossReduce.Check(op, reduction);
        Check(op, anchor, positive, negative, margin);
        var distance = distanceFunction ?? ((a, b) => Distances.PairwiseDistance(op, a, b, 2, 1e-6, keepDim: false));
        return Combine(op, distance, anchor, positive, negative, margin, swap, reduction);
    }

    private static void Check(string op, Tensor anchor, Tensor positive, Tensor negative, double margin)
    {
        CompositeLoss.CheckFloat(op, nameof(anchor), anchor);
        CompositeLoss.CheckFloat(op, nameof(positive), positive, anchor.DType);
        CompositeLoss.CheckFloat(op, nameof(negative), negative, anchor.DType);
        if (!double.IsFinite(margin))
            throw new ArgumentOutOfRangeException(nameof(margin), margin, $"{op}: margin must be finite, got {ClassTargets.Format(margin)}.");
    }

    private static Tensor Combine(string op, Func<Tensor, Tensor, Tensor> distance, Tensor anchor, Tensor positive, Tensor negative,
        double margin, bool swap, LossReduction reduction)
    {
        Tensor dPos = distance(anchor, positive), dNeg = distance(anchor, negative);
        if (dPos is null || dNeg is null)
            throw new InvalidOperationException($"{op}: the distance function returned null.");
        if (swap) dNeg = Tensor.Minimum(dNeg, distance(positive, negative));
        Tensor loss = (margin + dPos - dNeg).Clamp(min: 0);
        return CompositeLoss.Reduce(loss, reduction);
    }
}
