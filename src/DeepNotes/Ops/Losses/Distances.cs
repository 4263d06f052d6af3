namespace DeepNotes.Ops.Losses;

/// <summary>
/// Row-wise similarity and distance of two broadcastable tensors, as PyTorch's <c>cosine_similarity</c> and
/// <c>pairwise_distance</c>, composed of differentiable ops (so their gradients are PyTorch's, including the zero
/// subgradient of a p-norm at zero).
/// </summary>
internal static class Distances
{
    /// <summary>
    /// cos = Σ x1·x2 / (n1·n2) over <paramref name="dim"/>, n = √max(Σx², ε²): the squared norms are clamped without
    /// changing their gradient, exactly as PyTorch 1.13 does (so a zero vector gives 0, with a finite gradient).
    /// </summary>
    public static Tensor CosineSimilarity(Tensor x1, Tensor x2, int dim, double eps)
    {
        const string op = "CosineSimilarity";
        CompositeLoss.CheckFloat(op, nameof(x1), x1);
        CompositeLoss.CheckFloat(op, nameof(x2), x2, x1.DType);
        if (!(eps >= 0) || double.IsInfinity(eps))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, $"{op}: eps must be non-negative and finite, got {ClassTargets.Format(eps)}.");
        Shape shape = CompositeLoss.Broadcast(op, "x1", x1.Shape, "x2", x2.Shape);
        int rank = Math.Max(shape.Rank, 1);
        if (dim < -rank || dim >= rank)
            throw new ArgumentOutOfRangeException(nameof(dim), dim, $"{op}: dim {dim} is out of range for the broadcast shape {shape}.");
        if (dim < 0) dim += rank;
        if (x1.Shape != shape) x1 = x1.Expand(shape.Dims.ToArray());
        if (x2.Shape != shape) x2 = x2.Expand(shape.Dims.ToArray());
        Tensor n1 = CompositeLoss.ClampMinStraightThrough((x1 * x1).Sum(dim, keepDim: true), eps * eps).Sqrt();
        Tensor n2 = CompositeLoss.ClampMinStraightThrough((x2 * x2).Sum(dim, keepDim: true), eps * eps).Sqrt();
        return (x1 / n1 * (x2 / n2)).Sum(dim);
    }

    /// <summary>
    /// ‖x1 − x2 + ε‖_p over the last axis of the broadcast shape (ε is added to the difference, as in PyTorch), with
    /// the last axis kept as 1 when <paramref name="keepDim"/>.
    /// </summary>
    public static Tensor PairwiseDistance(string op, Tensor x1, Tensor x2, double p, double eps, bool keepDim)
    {
        CompositeLoss.CheckFloat(op, nameof(x1), x1);
        CompositeLoss.CheckFloat(op, nameof(x2), x2, x1.DType);
        if (double.IsNaN(p) || p < 0)
            throw new ArgumentOutOfRangeException(nameof(p), p, $"{op}: p must be a non-negative number or infinity, got {ClassTargets.Format(p)}.");
        if (!double.IsFinite(eps))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, $"{op}: eps must be finite, got {ClassTargets.Format(eps)}.");
        Shape shape = CompositeLoss.Broadcast(op, "x1", x1.Shape, "x2", x2.Shape);
        if (shape.Rank == 0)
            throw new ArgumentException($"{op}: inputs of rank at least 1 expected (vectors on the last axis), got {x1.Shape} and {x2.Shape}.");
        return (x1 - x2 + eps).Norm(p, shape.Rank - 1, keepDim);
    }
}
