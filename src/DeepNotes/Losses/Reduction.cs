namespace DeepNotes.Losses;

/// <summary>
/// How a loss turns its per-element (or per-sample) values into its result, like PyTorch's <c>reduction</c>
/// argument. <see cref="Mean"/> is the default everywhere.
/// </summary>
/// <remarks>
/// "Mean" is the plain mean over the loss elements except where PyTorch defines it otherwise: with class weights,
/// <c>CrossEntropy</c> and <c>NllLoss</c> divide by the sum of the weights of the non-ignored targets, and
/// <c>MultiMarginLoss</c> divides by the batch size. <see cref="BatchMean"/> is PyTorch's <c>reduction="batchmean"</c>
/// and exists only for <c>KLDivLoss</c>; every other loss rejects it with an <see cref="ArgumentException"/>.
/// </remarks>
public enum Reduction
{
    /// <summary>The mean of the loss elements: a 0-dim tensor (the default).</summary>
    Mean,

    /// <summary>The sum of the loss elements: a 0-dim tensor.</summary>
    Sum,

    /// <summary>No reduction: one loss value per element (or per sample for the classification losses).</summary>
    None,

    /// <summary>
    /// The sum divided by the batch size (the size of the first dimension), PyTorch's <c>"batchmean"</c>. Only
    /// <c>KLDivLoss</c> accepts it; it gives the true KL divergence per sample when each row is a distribution.
    /// </summary>
    BatchMean,
}
