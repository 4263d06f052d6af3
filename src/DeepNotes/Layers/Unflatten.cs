namespace DeepNotes.Layers;

/// <summary>
/// Splits one dimension into several (<c>nn.Unflatten(dim, sizes)</c>), the inverse of <see cref="Flatten"/>:
/// e.g. <c>Unflatten(1, [C, H, W])</c> maps <c>[N, C·H·W] -> [N, C, H, W]</c>, as a generator's first layer needs.
/// One entry of the sizes may be −1 (inferred). A view when the input is contiguous. No parameters.
/// </summary>
public sealed class Unflatten : Module<Tensor, Tensor>
{
    private readonly int[] _sizes;

    /// <summary>Creates the layer.</summary>
    /// <param name="dim">The dimension to split; negative counts from the end.</param>
    /// <param name="sizes">The sizes it is split into; their product must equal its size (one may be −1).</param>
    /// <exception cref="ArgumentException"><paramref name="sizes"/> is empty, has more than one −1, or an entry below −1.</exception>
    public Unflatten(int dim, int[] sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Length == 0)
            throw new ArgumentException("Unflatten: sizes must not be empty.", nameof(sizes));
        if (sizes.Count(s => s == -1) > 1 || sizes.Any(s => s < -1))
            throw new ArgumentException($"Unflatten: sizes must be non-negative with at most one -1 (inferred), got [{string.Join(", ", sizes)}].", nameof(sizes));
        Dim = dim;
        _sizes = (int[])sizes.Clone();
    }

    /// <summary>The dimension that is split.</summary>
    public int Dim { get; }

    /// <summary>The sizes it is split into (a copy).</summary>
    public int[] Sizes => (int[])_sizes.Clone();

    /// <summary><c>[*, S, *] -> [*, s₁, …, sₖ, *]</c> with s₁·…·sₖ = S at <see cref="Dim"/>.</summary>
    /// <exception cref="ArgumentException">The input is 0-dimensional, or the sizes do not multiply to the size of the dimension; the message names both.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Dim"/> is out of range for the input's rank.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Unflatten(Dim, _sizes);
    }

    /// <inheritdoc/>
    public override string Describe() => $"Unflatten(dim: {Dim}, sizes: [{string.Join(", ", _sizes)}])";
}
