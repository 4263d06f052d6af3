using DeepNotes.Losses;

namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// Mean squared error (x − y)², like <c>F.mse_loss</c>. <paramref name="input"/> and <paramref name="target"/>
    /// have the same shape and dtype; the result is 0-dim, or of the input's shape with <see cref="Reduction.None"/>.
    /// Differentiable in both arguments.
    /// </summary>
    /// <param name="input">Predictions, any shape, Float32 or Float64.</param>
    /// <param name="target">Targets, same shape and dtype.</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">Shapes or dtypes differ (the message names both), or the reduction is BatchMean.</exception>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        Ops.Losses.MseLossOperation.Forward(input, target, reduction.ToOps());

    /// <summary>
    /// Mean absolute error |x − y|, like <c>F.l1_loss</c>; the gradient at x = y is 0. Shapes as
    /// <see cref="MseLoss(Tensor, Tensor, Reduction)"/>.
    /// </summary>
    /// <param name="input">Predictions, any shape, Float32 or Float64.</param>
    /// <param name="target">Targets, same shape and dtype.</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">Shapes or dtypes differ, or the reduction is BatchMean.</exception>
    public static Tensor L1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        Ops.Losses.L1LossOperation.Forward(input, target, reduction.ToOps());

    /// <summary>
    /// Huber loss, like <c>F.huber_loss</c>: with d = x − y, ½d² where |d| &lt; δ and δ·(|d| − ½δ) beyond, so large
    /// errors count linearly. Shapes as <see cref="MseLoss(Tensor, Tensor, Reduction)"/>.
    /// </summary>
    /// <param name="input">Predictions, any shape, Float32 or Float64.</param>
    /// <param name="target">Targets, same shape and dtype.</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <param name="delta">The threshold δ &gt; 0 between the quadratic and the linear part (default 1).</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">Shapes or dtypes differ, the reduction is BatchMean, or δ is not positive and finite.</exception>
    public static Tensor HuberLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double delta = 1.0) =>
        Ops.Losses.HuberLossOperation.Forward(input, target, reduction.ToOps(), delta);

    /// <summary>
    /// Binary cross-entropy of probabilities, like <c>F.binary_cross_entropy</c>:
    /// −w·(y·ln p + (1 − y)·ln(1 − p)) with each logarithm clamped at −100, so p = 0 or 1 gives at most 100 instead of ∞.
    /// Prefer <see cref="BinaryCrossEntropyWithLogits"/> on raw scores: it is exact where the sigmoid saturates.
    /// </summary>
    /// <param name="input">Probabilities p in [0, 1], any shape, Float32 or Float64.</param>
    /// <param name="target">Targets y (usually 0 or 1), same shape and dtype.</param>
    /// <param name="weight">Optional rescaling weight broadcast to the input's shape (a constant: it must not require grad).</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">An input value outside [0, 1] (named), shapes or dtypes that do not fit, or BatchMean.</exception>
    public static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean) =>
        Ops.Losses.BinaryCrossEntropy.Forward(input, target, weight, reduction.ToOps());

    /// <summary>
    /// Binary cross-entropy on logits, like <c>F.binary_cross_entropy_with_logits</c>: BCE(σ(x), y) computed stably as
    /// max(x, 0) − x·y + ln(1 + e^−|x|), finite for any logit. With <paramref name="posWeight"/> the positive term is
    /// weighted: −w·(pw·y·ln σ(x) + (1 − y)·ln(1 − σ(x))).
    /// </summary>
    /// <param name="input">Logits x, any shape (e.g. <c>[N, C]</c> for multi-label), Float32 or Float64.</param>
    /// <param name="target">Targets y in [0, 1], same shape and dtype.</param>
    /// <param name="weight">Optional rescaling weight broadcast to the input's shape (a constant).</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <param name="posWeight">
    /// Optional weight of the positive examples broadcast against the input from the last axis, e.g. <c>[C]</c> (one per
    /// class) for input <c>[N, C]</c>, like PyTorch's <c>pos_weight</c> (a constant).
    /// </param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">Shapes or dtypes do not fit (the message names them), or BatchMean.</exception>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight = null,
        Reduction reduction = Reduction.Mean, Tensor? posWeight = null) =>
        Ops.Losses.BinaryCrossEntropyWithLogits.Forward(input, target, weight, posWeight, reduction.ToOps());

    /// <summary>
    /// Cross-entropy of logits, like <c>F.cross_entropy</c>: log-softmax over the class axis (axis 1; axis 0 for an
    /// unbatched <c>[C]</c> input) followed by the negative log-likelihood, fused into one op for Int32 targets.
    /// </summary>
    /// <remarks>
    /// <para>Shapes: input <c>[N, C]</c>, <c>[N, C, d1, ...]</c> or <c>[C]</c>. The target is either Int32 class indices
    /// <c>[N]</c>, <c>[N, d1, ...]</c> or <c>[]</c> (values in [0, C) or <paramref name="ignoreIndex"/>), or class
    /// probabilities of the input's shape and dtype. <see cref="Reduction.None"/> returns <c>[N, d1, ...]</c>.</para>
    /// <para>Index targets: ℓ = −w_y·log_softmax(x)_y, and <see cref="Reduction.Mean"/> divides the sum by Σ w_y over the
    /// non-ignored targets (the count without weights), exactly as PyTorch; if every target is ignored the mean is NaN.
    /// Probability targets: ℓ = −Σ_c w_c·t_c·log_softmax(x)_c, and Mean divides by N·d1·... .</para>
    /// <para>Label smoothing ε mixes the target with the uniform distribution: (1 − ε)·target + ε/C.</para>
    /// </remarks>
    /// <param name="input">Logits, Float32 or Float64.</param>
    /// <param name="target">Int32 class indices, or probabilities of the input's shape.</param>
    /// <param name="weight">Optional class weights <c>[C]</c> of the input's dtype (a constant).</param>
    /// <param name="ignoreIndex">A target value that contributes neither loss nor gradient (default −100); index targets only.</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <param name="labelSmoothing">ε in [0, 1] (default 0).</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">
    /// A target of the wrong shape or dtype (e.g. <c>CrossEntropy: target [32] Int32 expected for input [32, 10], got [32, 1] Float32 ...</c>),
    /// a class index outside [0, C) (named), a weight that is not <c>[C]</c>, BatchMean, or ε outside [0, 1]
    /// (<see cref="ArgumentOutOfRangeException"/>).
    /// </exception>
    public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight = null, int ignoreIndex = -100,
        Reduction reduction = Reduction.Mean, double labelSmoothing = 0.0) =>
        Ops.Losses.CrossEntropy.Forward(input, target, weight, ignoreIndex, reduction.ToOps(), labelSmoothing);

    /// <summary>
    /// Negative log-likelihood of log-probabilities, like <c>F.nll_loss</c>: ℓ = −w_y·input[n, y] for input
    /// <c>[N, C]</c>, <c>[N, C, d1, ...]</c> or <c>[C]</c> (usually a log-softmax output) and Int32 targets <c>[N]</c>,
    /// <c>[N, d1, ...]</c> or <c>[]</c>. Ignored targets and Mean follow <see cref="CrossEntropy"/>'s rules.
    /// </summary>
    /// <param name="input">Log-probabilities, Float32 or Float64.</param>
    /// <param name="target">Int32 class indices in [0, C) or <paramref name="ignoreIndex"/>.</param>
    /// <param name="weight">Optional class weights <c>[C]</c> (a constant).</param>
    /// <param name="ignoreIndex">A target value that contributes neither loss nor gradient (default −100).</param>
    /// <param name="reduction">Mean (default, divides by Σ w_y of the non-ignored targets), Sum or None.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">A target of the wrong shape or dtype, a class index out of range, a bad weight, or BatchMean.</exception>
    public static Tensor NllLoss(Tensor input, Tensor target, Tensor? weight = null, int ignoreIndex = -100,
        Reduction reduction = Reduction.Mean) =>
        Ops.Losses.NllLossOperation.Forward(input, target, weight, ignoreIndex, reduction.ToOps());

    /// <summary>
    /// Multiclass hinge loss, like <c>F.multi_margin_loss</c>: for input <c>[N, C]</c> (or <c>[C]</c>) and Int32 target
    /// <c>[N]</c> (or <c>[]</c>), ℓ = Σ_{i≠y} w_y·max(0, margin − x_y + x_i)^p / C. Mean divides by N.
    /// </summary>
    /// <param name="input">Scores, Float32 or Float64.</param>
    /// <param name="target">Int32 class indices in [0, C).</param>
    /// <param name="p">1 (hinge, default) or 2 (squared hinge).</param>
    /// <param name="margin">The margin Δ (default 1).</param>
    /// <param name="weight">Optional class weights <c>[C]</c>, applied by the target's class (a constant).</param>
    /// <param name="reduction">Mean (default), Sum or None (<c>[N]</c>).</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">Bad shapes, dtypes or class indices, p not 1 or 2, a non-finite margin, or BatchMean.</exception>
    public static Tensor MultiMarginLoss(Tensor input, Tensor target, int p = 1, double margin = 1.0, Tensor? weight = null,
        Reduction reduction = Reduction.Mean) =>
        Ops.Losses.MultiMarginLossOperation.Forward(input, target, p, margin, weight, reduction.ToOps());

    /// <summary>
    /// Kullback–Leibler divergence, like <c>F.kl_div</c>: the input holds log-probabilities log q; the target holds
    /// probabilities t (ℓ = t·(ln t − log q), where t = 0 contributes 0) or, with <paramref name="logTarget"/>,
    /// log-probabilities (ℓ = eᵗ·(t − log q)). Same shape and dtype; differentiable in both.
    /// </summary>
    /// <remarks>
    /// <see cref="Reduction.Mean"/> divides by the number of elements, which is not the KL divergence of distributions;
    /// <see cref="Reduction.BatchMean"/> divides by the batch size (first dimension) and is the true per-sample
    /// divergence when each row is a distribution (PyTorch's <c>"batchmean"</c>).
    /// </remarks>
    /// <param name="input">Log-probabilities, any shape, Float32 or Float64.</param>
    /// <param name="target">Probabilities (or log-probabilities), same shape and dtype.</param>
    /// <param name="reduction">Mean (default), Sum, None or BatchMean.</param>
    /// <param name="logTarget">Whether <paramref name="target"/> holds log-probabilities.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">Shapes or dtypes differ (the message names both).</exception>
    public static Tensor KLDivLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, bool logTarget = false) =>
        Ops.Losses.KLDivLossOperation.Forward(input, target, reduction.ToOps(), logTarget);
}
