namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>A tensor of <paramref name="other"/>'s shape filled with <paramref name="value"/>, like <c>torch.full_like</c>.</summary>
    /// <param name="other">Supplies the shape (and the dtype unless <paramref name="dtype"/> is given).</param>
    /// <param name="value">The fill value.</param>
    /// <param name="dtype">Element type (default: that of <paramref name="other"/>).</param>
    /// <param name="requiresGrad">Make the result a leaf that collects gradients.</param>
    public static Tensor FullLike(Tensor other, double value, DType? dtype = null, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Full(other.Shape, value, dtype ?? other.DType, requiresGrad);
    }

    /// <summary>
    /// An uninitialised tensor of <paramref name="other"/>'s shape, like <c>torch.empty_like</c>. Managed memory is
    /// always cleared, so the elements are in fact zero; do not rely on it (PyTorch leaves them arbitrary).
    /// </summary>
    /// <param name="other">Supplies the shape (and the dtype unless <paramref name="dtype"/> is given).</param>
    /// <param name="dtype">Element type (default: that of <paramref name="other"/>).</param>
    /// <param name="requiresGrad">Make the result a leaf that collects gradients.</param>
    public static Tensor EmptyLike(Tensor other, DType? dtype = null, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Zeros(other.Shape, dtype ?? other.DType, requiresGrad);
    }

    /// <summary>Uniform [0, 1) samples of <paramref name="other"/>'s shape, like <c>torch.rand_like</c>.</summary>
    /// <param name="other">Supplies the shape (and the dtype unless <paramref name="dtype"/> is given).</param>
    /// <param name="dtype">Element type (default: that of <paramref name="other"/>; must be floating point).</param>
    /// <param name="generator">Source of randomness (default: <see cref="Generator.Default"/>).</param>
    /// <param name="requiresGrad">Make the result a leaf that collects gradients.</param>
    /// <exception cref="ArgumentException">The dtype is not floating point.</exception>
    public static Tensor RandLike(Tensor other, DType? dtype = null, Generator? generator = null, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Rand(other.Shape, dtype ?? other.DType, generator, requiresGrad);
    }

    /// <summary>Standard normal samples of <paramref name="other"/>'s shape, like <c>torch.randn_like</c>.</summary>
    /// <inheritdoc cref="RandLike" path="/param"/>
    /// <inheritdoc cref="RandLike" path="/exception"/>
    public static Tensor RandnLike(Tensor other, DType? dtype = null, Generator? generator = null, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Randn(other.Shape, dtype ?? other.DType, generator, requiresGrad);
    }

    /// <summary>
    /// Uniform integers in [<paramref name="low"/>, <paramref name="high"/>) with <paramref name="other"/>'s shape and
    /// (by default) dtype, like <c>torch.randint_like(input, low, high)</c>: a Float32 input gives whole-valued floats.
    /// </summary>
    /// <param name="other">Supplies the shape (and the dtype unless <paramref name="dtype"/> is given).</param>
    /// <param name="low">Smallest value.</param>
    /// <param name="high">One above the largest value.</param>
    /// <param name="dtype">Element type (default: that of <paramref name="other"/>; not Bool).</param>
    /// <param name="generator">Source of randomness (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="high"/> ≤ <paramref name="low"/>, or the dtype is Bool.</exception>
    public static Tensor RandIntLike(Tensor other, int low, int high, DType? dtype = null, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(other);
        DType dt = dtype ?? other.DType;
        if (dt == DType.Bool) throw new ArgumentException("RandIntLike expects a numeric dtype, got Bool.", nameof(dtype));
        var ints = RandInt(low, high, other.Shape, generator);
        return dt == DType.Int32 ? ints : ints.ConvertRaw(dt);
    }

    /// <summary>Uniform integers in [0, <paramref name="high"/>) with <paramref name="other"/>'s shape, like <c>torch.randint_like(input, high)</c>.</summary>
    /// <inheritdoc cref="RandIntLike(Tensor, int, int, DType?, Generator)" path="/exception"/>
    public static Tensor RandIntLike(Tensor other, int high, DType? dtype = null, Generator? generator = null) =>
        RandIntLike(other, 0, high, dtype, generator);
}
