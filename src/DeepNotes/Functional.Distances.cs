namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// Cosine similarity along <paramref name="dim"/>, like <c>F.cosine_similarity</c>:
    /// Σ x1·x2 / (max(‖x1‖, ε)·max(‖x2‖, ε)) (the norms are clamped as PyTorch 1.13 clamps them, without changing their
    /// gradient). The inputs broadcast; the result has the broadcast shape without <paramref name="dim"/>, e.g.
    /// <c>[N, D]</c>, <c>[N, D] → [N]</c>.
    /// </summary>
    /// <param name="x1">First tensor, Float32 or Float64.</param>
    /// <param name="x2">Second tensor, broadcastable, same dtype.</param>
    /// <param name="dim">The axis of the vectors (default 1; negative counts from the end).</param>
    /// <param name="eps">The smallest norm (default 1e-8).</param>
    /// <returns>The similarities in [−1, 1].</returns>
    /// <exception cref="ArgumentException">Shapes do not broadcast, dtypes differ, a bad dim or ε.</exception>
    public static Tensor CosineSimilarity(Tensor x1, Tensor x2, int dim = 1, double eps = 1e-8) =>
        Ops.Losses.Distances.CosineSimilarity(x1, x2, dim, eps);

    /// <summary>
    /// Distance between corresponding rows, like <c>F.pairwise_distance</c>: ‖x1 − x2 + ε‖_p over the last axis (ε is
    /// added to the difference, as in PyTorch, so equal rows give a small positive distance and a finite gradient).
    /// <c>[N, D], [N, D] → [N]</c> (<c>[N, 1]</c> with <paramref name="keepDim"/>); the inputs broadcast.
    /// </summary>
    /// <param name="x1">First tensor, Float32 or Float64, rank ≥ 1 after broadcasting.</param>
    /// <param name="x2">Second tensor, same dtype.</param>
    /// <param name="p">The norm degree ≥ 0 or infinity (default 2).</param>
    /// <param name="eps">Added to the difference (default 1e-6).</param>
    /// <param name="keepDim">Whether to keep the last axis as size 1.</param>
    /// <returns>The distances.</returns>
    /// <exception cref="ArgumentException">Shapes do not broadcast, dtypes differ, or p is negative or NaN.</exception>
    public static Tensor PairwiseDistance(Tensor x1, Tensor x2, double p = 2, double eps = 1e-6, bool keepDim = false) =>
        Ops.Losses.Distances.PairwiseDistance("PairwiseDistance", x1, x2, p, eps, keepDim);

    /// <summary>
    /// p-norm distance between every pair of rows, like <c>torch.cdist</c>: x1 <c>[*, P, M]</c> and x2 <c>[*, R, M]</c>
    /// give <c>[*, P, R]</c>, the batch dimensions broadcast. For p = 2 the <paramref name="computeMode"/> chooses
    /// between the direct form and the faster matrix-product form, as PyTorch's <c>compute_mode</c> (by default the
    /// product form when P or R exceeds 25). Coincident points get the zero subgradient, never NaN.
    /// </summary>
    /// <param name="x1">Points <c>[*, P, M]</c>, Float32 or Float64.</param>
    /// <param name="x2">Points <c>[*, R, M]</c>, same dtype.</param>
    /// <param name="p">The norm degree ≥ 0 or infinity (default 2).</param>
    /// <param name="computeMode">How p = 2 is computed.</param>
    /// <returns>The distance matrix.</returns>
    /// <exception cref="ArgumentException">Ranks below 2, different M, batch shapes that do not broadcast, dtypes differ, or a bad p.</exception>
    public static Tensor Cdist(Tensor x1, Tensor x2, double p = 2,
        CdistComputeMode computeMode = CdistComputeMode.UseMmForEuclidDistIfNecessary) =>
        Ops.Losses.CrossDistance.Forward(x1, x2, p, computeMode);
}
