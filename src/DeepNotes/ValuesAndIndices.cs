namespace DeepNotes;

/// <summary>
/// The values an op picked and their Int32 positions along the reduced or sorted dimension, like PyTorch's
/// <c>torch.return_types.sort</c>/<c>max</c>/<c>topk</c>; deconstructs as <c>var (values, indices) = x.Sort();</c>.
/// Gradients of <see cref="Values"/> flow back to the input elements named by <see cref="Indices"/>.
/// </summary>
/// <param name="Values">The chosen values (same dtype as the input).</param>
/// <param name="Indices">Their positions along the dimension (Int32, same shape as <paramref name="Values"/>).</param>
public readonly record struct ValuesAndIndices(Tensor Values, Tensor Indices);

/// <summary>
/// The result of <see cref="Tensor.Unique"/> and <see cref="Tensor.UniqueConsecutive"/>, like the tuple
/// <c>torch.unique</c> returns.
/// </summary>
/// <param name="Values">The unique values (1-D when flattening) or unique slices along the chosen dimension.</param>
/// <param name="Inverse">Int32, for each input element (or slice) the position of its value in <paramref name="Values"/>; null unless requested.</param>
/// <param name="Counts">Int32, how often each unique value (or slice) occurs; null unless requested.</param>
public readonly record struct UniqueResult(Tensor Values, Tensor? Inverse, Tensor? Counts);

/// <summary>How <see cref="Tensor.Quantile(double, int?, bool, QuantileInterpolation)"/> picks a value between two neighbouring sorted elements, as <c>torch.quantile</c>'s <c>interpolation</c>.</summary>
public enum QuantileInterpolation
{
    /// <summary>lo + (hi − lo)·frac (the default).</summary>
    Linear,

    /// <summary>The lower neighbour.</summary>
    Lower,

    /// <summary>The higher neighbour.</summary>
    Higher,

    /// <summary>The mean of both neighbours.</summary>
    Midpoint,

    /// <summary>The nearer neighbour (position rounded half to even, as PyTorch).</summary>
    Nearest,
}
