using DeepNotes.Losses;

namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// Two-class logistic loss, like <c>F.soft_margin_loss</c>: ln(1 + e^(−y·x)) for targets y = ±1, computed as a
    /// softplus (finite for any x). Same shape and dtype; both arguments are differentiable.
    /// </summary>
    /// <param name="input">Scores, any shape, Float32 or Float64.</param>
    /// <param name="target">Targets (±1), same shape and dtype.</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">Shapes or dtypes differ, or BatchMean.</exception>
    public static Tensor SoftMarginLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        Ops.Losses.SoftMargin.Forward(input, target, reduction.ToOps());

    /// <summary>
    /// Multi-label one-versus-all logistic loss, like <c>F.multilabel_soft_margin_loss</c>: per sample
    /// −(1/C)·Σ_c w_c·(y_c·ln σ(x_c) + (1 − y_c)·ln σ(−x_c)) over the last axis (C classes), computed with softplus
    /// (finite for any logit); the reduction runs over the samples. Input <c>[N, C]</c> or <c>[C]</c> (any rank, classes
    /// last); target 0/1 (or soft) of the same shape and dtype; None returns <c>[N]</c>.
    /// </summary>
    /// <param name="input">Logits, Float32 or Float64.</param>
    /// <param name="target">Targets in [0, 1], same shape and dtype.</param>
    /// <param name="weight">Optional weight broadcast to the input's shape, e.g. <c>[C]</c> (a constant).</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">Shapes or dtypes do not fit, a 0-dim input, or BatchMean.</exception>
    public static Tensor MultiLabelSoftMarginLoss(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean) =>
        Ops.Losses.MultiLabelSoftMargin.Forward(input, target, weight, reduction.ToOps());

    /// <summary>
    /// Multi-label hinge loss, like <c>F.multilabel_margin_loss</c>: input <c>[N, C]</c> (or <c>[C]</c>) and an Int32
    /// target of the same shape listing each sample's classes, ended by the first −1 (e.g. <c>[3, 0, −1, 1]</c> means
    /// classes 3 and 0). ℓ = Σ_j Σ_{i not a target} max(0, 1 − (x_{y_j} − x_i)) / C. Mean divides by N; None gives
    /// <c>[N]</c>.
    /// </summary>
    /// <param name="input">Scores, Float32 or Float64.</param>
    /// <param name="target">Int32 class lists in [0, C), −1 terminated.</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">Bad shapes or dtypes, a class outside [0, C) before the first −1 (named), or BatchMean.</exception>
    public static Tensor MultiLabelMarginLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        Ops.Losses.MultiLabelMargin.Forward(input, target, reduction.ToOps());

    /// <summary>
    /// Ranking hinge, like <c>F.margin_ranking_loss</c>: max(0, −y·(x1 − x2) + margin), y = 1 when x1 should rank
    /// higher, −1 when x2 should. The three tensors have the same rank and broadcast (usually all <c>[N]</c>); all
    /// three are differentiable; the gradient at the kink is the active side's (as PyTorch's clamp).
    /// </summary>
    /// <param name="input1">First scores, Float32 or Float64.</param>
    /// <param name="input2">Second scores, same dtype.</param>
    /// <param name="target">±1, same dtype.</param>
    /// <param name="margin">The margin (default 0).</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">Ranks differ, shapes do not broadcast, dtypes differ, or BatchMean.</exception>
    public static Tensor MarginRankingLoss(Tensor input1, Tensor input2, Tensor target, double margin = 0, Reduction reduction = Reduction.Mean) =>
        Ops.Losses.MarginRanking.Forward(input1, input2, target, margin, reduction.ToOps());

    /// <summary>
    /// Hinge embedding loss, like <c>F.hinge_embedding_loss</c>: x where y = 1, max(0, margin − x) where y = −1 (x is
    /// usually a distance). Input and target broadcast (usually the same shape); None returns the broadcast shape.
    /// The target receives no gradient.
    /// </summary>
    /// <param name="input">Distances or scores, Float32 or Float64.</param>
    /// <param name="target">±1, same dtype.</param>
    /// <param name="margin">The margin (default 1).</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">Shapes do not broadcast, dtypes differ, or BatchMean.</exception>
    public static Tensor HingeEmbeddingLoss(Tensor input, Tensor target, double margin = 1.0, Reduction reduction = Reduction.Mean) =>
        Ops.Losses.HingeEmbedding.Forward(input, target, margin, reduction.ToOps());

    /// <summary>
    /// Cosine embedding loss, like <c>F.cosine_embedding_loss</c>: 1 − cos(x1, x2) where y = 1 and
    /// max(0, cos(x1, x2) − margin) where y = −1, the cosine over the last axis (with 10⁻¹² added to each squared norm).
    /// Inputs <c>[N, D]</c> with target <c>[N]</c>, or <c>[D]</c> with a 0-dim target; None returns <c>[N]</c>.
    /// </summary>
    /// <param name="input1">First embeddings, Float32 or Float64.</param>
    /// <param name="input2">Second embeddings, same shape and dtype.</param>
    /// <param name="target">±1 per pair, same dtype.</param>
    /// <param name="margin">The margin for dissimilar pairs, usually in [−1, 1] (default 0).</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">Shapes that do not fit (named), dtypes differ, or BatchMean.</exception>
    public static Tensor CosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target, double margin = 0, Reduction reduction = Reduction.Mean) =>
        Ops.Losses.CosineEmbedding.Forward(input1, input2, target, margin, reduction.ToOps());

    /// <summary>
    /// Triplet margin loss, like <c>F.triplet_margin_loss</c>: max(0, margin + d(a, p) − d(a, n)) with
    /// d = <see cref="PairwiseDistance"/> (p-norm of the difference plus ε over the last axis). With
    /// <paramref name="swap"/>, d(a, n) becomes min(d(a, n), d(p, n)). Inputs <c>[N, D]</c> (or <c>[D]</c>) of the same
    /// rank, broadcasting; None returns <c>[N]</c>.
    /// </summary>
    /// <param name="anchor">Anchors, Float32 or Float64.</param>
    /// <param name="positive">Positives, same rank and dtype.</param>
    /// <param name="negative">Negatives, same rank and dtype.</param>
    /// <param name="margin">The margin (default 1).</param>
    /// <param name="p">The norm degree (default 2).</param>
    /// <param name="eps">Added to the differences (default 1e-6).</param>
    /// <param name="swap">Whether to use the distance swap (default false).</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">Ranks differ, shapes do not broadcast, dtypes differ, bad p or margin, or BatchMean.</exception>
    public static Tensor TripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin = 1.0, double p = 2, double eps = 1e-6,
        bool swap = false, Reduction reduction = Reduction.Mean) =>
        Ops.Losses.TripletMargin.Forward(anchor, positive, negative, margin, p, eps, swap, reduction.ToOps());

    /// <summary>
    /// Triplet margin loss with a distance function, like <c>F.triplet_margin_with_distance_loss</c>:
    /// max(0, margin + d(a, p) − d(a, n)), min(d(a, n), d(p, n)) replacing d(a, n) with <paramref name="swap"/>. The
    /// distance function maps two batches to one distance per sample (<c>[N]</c>); null means
    /// <see cref="PairwiseDistance"/> with its defaults. Gradients flow through the function.
    /// </summary>
    /// <param name="anchor">Anchors, Float32 or Float64.</param>
    /// <param name="positive">Positives, same dtype.</param>
    /// <param name="negative">Negatives, same dtype.</param>
    /// <param name="distanceFunction">A differentiable distance, e.g. <c>(a, b) =&gt; 1 - Functional.CosineSimilarity(a, b)</c>; null for the Euclidean distance.</param>
    /// <param name="margin">The margin (default 1).</param>
    /// <param name="swap">Whether to use the distance swap (default false).</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">Dtypes differ, the margin is not finite, or BatchMean.</exception>
    public static Tensor TripletMarginWithDistanceLoss(Tensor anchor, Tensor positive, Tensor negative,
        Func<Tensor, Tensor, Tensor>? distanceFunction = null, double margin = 1.0, bool swap = false, Reduction reduction = Reduction.Mean) =>
        Ops.Losses.TripletMargin.Forward(anchor, positive, negative, distanceFunction, margin, swap, reduction.ToOps());
}
