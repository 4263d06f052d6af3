
namespace DeepNotes.Ops.Losses;

/// <summary>
/// Hinge embedding loss, as PyTorch's <c>hinge_embedding_loss</c>: ℓ = x where y = 1, max(0, Δ − x) where y = −1
/// (a target that is neither contributes both terms, as in PyTorch). Composed of differentiable ops: ∂ℓ/∂x = 1 for
/// y = 1, −[Δ − x ≥ 0] for y = −1 (the kink passes the gradient); the target gets none (it only selects).
/// </summary>
internal static class HingeEmbedding
{
    private const string Op = "HingeEmbeddingLoss";

    public static Tensor Forward(Tensor input, Tensor target, double margin, LossReduction reduction)
    {
        LossReduce.Check(Op, reduction);
        CompositeLoss.CheckFloat(Op, nameof(input), input);
        CompositeLoss.CheckFloat(Op, nameof(target), target, input.DType);
        if (!double.IsFinite(margin))
            throw new ArgumentOutOfRangeException(nameof(margin), margin, $"{Op}: margin must be finite, got {ClassTargets.Format(margin)}.");
        CompositeLoss.Broadcast(Op, "input", input.Shape, "target", target.Shape);
        Tensor y = target.Detach(), zero = Tensor.Scalar(0, input.DType);
        Tensor marginPart = Tensor.Where(y.ElementEquals(1.0).LogicalNot(), (margin - input).Clamp(min: 0), zero);
        Tensor selfPart = Tensor.Where(y.ElementEquals(-1.0).LogicalNot(), input, zero);
        return CompositeLoss.Reduce(marginPart + selfPart, reduction);
    }
}
