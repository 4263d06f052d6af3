namespace DeepNotes;

/// <summary>
/// How <see cref="Functional.Cdist"/> computes Euclidean (p = 2) distances, like PyTorch's <c>compute_mode</c>.
/// The matrix-product form √(‖a‖² − 2a·b + ‖b‖²) is fast for many points but loses precision when points are close
/// (it is clamped at 10⁻³⁰ before the square root); the direct form √Σ(a − b)² is exact to rounding.
/// </summary>
public enum CdistComputeMode
{
    /// <summary>The matrix-product form when p = 2 and either input has more than 25 points (the default).</summary>
    UseMmForEuclidDistIfNecessary,

    /// <summary>The matrix-product form whenever p = 2.</summary>
    UseMmForEuclidDist,

    /// <summary>Always the direct form.</summary>
    DoNotUseMmForEuclidDist,
}
