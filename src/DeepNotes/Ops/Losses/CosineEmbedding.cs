
namespace DeepNotes.Ops.Losses;

/// <summary>
/// Cosine embedding loss, as PyTorch's <c>cosine_embedding_loss</c>: with cos = Σx1·x2 / √((Σx1² + 10⁻¹²)(Σx2² + 10⁻¹²))
/// over the last axis, ℓ = 1 − cos where y = 1, max(0, cos − margin) where y = −1, 0 otherwise. Composed of
/// differentiable ops (the kink passes the gradient; the target gets none).
/// </summary>
internal static class CosineEmbedding
{
    private const string Op = "CosineEmbeddingLoss";
    private const double Epsilon = 1e-12;

    public static Tensor Forward(Tensor input1, Tensor input2, Tensor target, double margin, LossReduction reduction)
    {
        LossReduce.Check(Op, reduction);
        CompositeLoss.CheckFloat(Op, nameof(input1), input1);
        CompositeLoss.CheckFloat(Op, nameof(input2), input2, input1.DType);
        CompositeLoss.CheckFloat(Op, nameof(target), target, input1.DType);
        if (!double.IsFinite(margin))
            throw new ArgumentOutOfRangeException(nameof(margin), margin, $"{Op}: margin must be finite, got {ClassTargets.Format(margin)}.");
        if (target.Rank > 1)
            throw new ArgumentException($"{Op}: target [N] or [] expected (one label per pair), got {target.Shape}.", nameof(target));
        if (input1.Shape != input2.Shape || input1.Rank != target.Rank + 1
            || (target.Rank == 1 && input1.Shape.Dims[0] != target.Shape.Dims[0]))
        {
            string expected = target.Rank == 1 ? $"[{target.Shape.Dims[0]}, D]" : "[D]";
            throw new ArgumentException(
                $"{Op}: input1 and input2 {expected} expected for target {target.Shape}, got {input1.Shape} and {input2.Shape}.");
        }
        int axis = target.Rank;
        Tensor prod = (input1 * input2).Sum(axis);
        Tensor mag1 = (input1 * input1).Sum(axis) + Epsilon, mag2 = (input2 * input2).Sum(axis) + Epsilon;
        Tensor cos = prod / (mag1 * mag2).Sqrt();
        Tensor y = target.Detach(), zero = Tensor.Scalar(0, input1.DType);
        Tensor pos = Tensor.Where(y.ElementEquals(1.0), 1 - cos, zero);
        Tensor neg = Tensor.Where(y.ElementEquals(-1.0), (cos - margin).Clamp(min: 0), zero);
        return CompositeLoss.Reduce(pos + neg, reduction);
    }
}
