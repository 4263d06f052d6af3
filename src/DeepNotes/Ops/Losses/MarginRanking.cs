
namespace DeepNotes.Ops.Losses;

/// <summary>
/// Ranking hinge, as PyTorch's <c>margin_ranking_loss</c>: ℓ = max(0, −y·(x1 − x2) + margin), composed of
/// differentiable ops like PyTorch's, so all three arguments receive gradients and the kink passes the gradient
/// (clamp_min's rule: ∂max(z, 0)/∂z = 1 at z = 0).
/// </summary>
internal static class MarginRanking
{
    private const string Op = "MarginRankingLoss";

    public static Tensor Forward(Tensor input1, Tensor input2, Tensor target, double margin, LossReduction reduction)
    {
        LossReduce.Check(Op, reduction);
        CompositeLoss.CheckFloat(Op, nameof(input1), input1);
        CompositeLoss.CheckFloat(Op, nameof(input2), input2, input1.DType);
        CompositeLoss.CheckFloat(Op, nameof(target), target, input1.DType);
        if (!double.IsFinite(margin))
            throw new ArgumentOutOfRangeException(nameof(margin), margin, $"{Op}: margin must be finite, got {ClassTargets.Format(margin)}.");
        if (input1.Rank != input2.Rank || input1.Rank != target.Rank)
            throw new ArgumentException(
                $"{Op}: input1, input2 and target must have the same number of dimensions, got {input1.Shape}, {input2.Shape} and {target.Shape}.");
        Shape s = CompositeLoss.Broadcast(Op, "input1", input1.Shape, "input2", input2.Shape);
        CompositeLoss.Broadcast(Op, "inputs", s, "target", target.Shape);
        Tensor loss = (margin - target * (input1 - input2)).Clamp(min: 0);
        return CompositeLoss.Reduce(loss, reduction);
    }
}
