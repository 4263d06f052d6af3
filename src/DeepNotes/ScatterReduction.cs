namespace DeepNotes;

/// <summary>
/// How <see cref="Tensor.ScatterReduce(int, Tensor, Tensor, ScatterReduction, bool)"/> combines the source values that
/// land on one position (PyTorch's <c>reduce</c> argument of <c>scatter_reduce</c>).
/// </summary>
public enum ScatterReduction
{
    /// <summary>The sum (<c>"sum"</c>).</summary>
    Sum,

    /// <summary>The product (<c>"prod"</c>).</summary>
    Prod,

    /// <summary>The mean over the values that land there (and the original value when it is included); integers floor-divide (<c>"mean"</c>).</summary>
    Mean,

    /// <summary>The maximum, NaN propagating (<c>"amax"</c>).</summary>
    Amax,

    /// <summary>The minimum, NaN propagating (<c>"amin"</c>).</summary>
    Amin,
}
