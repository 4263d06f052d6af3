namespace DeepNotes.Layers;

/// <summary>
/// The arguments of one <see cref="MaxUnpool1D"/>, <see cref="MaxUnpool2D"/> or <see cref="MaxUnpool3D"/> call,
/// PyTorch's <c>forward(input, indices, output_size=None)</c>; an <c>(input, indices)</c> tuple converts to it.
/// </summary>
/// <param name="Input">The pooled values <c>[N, C, *in]</c> or <c>[C, *in]</c>.</param>
/// <param name="Indices">Their Int32 flat indices, as the max pooling with indices returned them (the input's shape).</param>
public sealed record MaxUnpoolInput(Tensor Input, Tensor Indices)
{
    /// <summary>
    /// The output's spatial size (or the whole shape, N and C first) when it differs from the default
    /// (in − 1)·stride − 2·padding + kernel, e.g. the shape of the tensor that was pooled; null for the default.
    /// </summary>
    public int[]? OutputSize { get; init; }

    /// <summary>A call with the default output size.</summary>
    /// <param name="inputIndices">The pooled values and their indices.</param>
    public static implicit operator MaxUnpoolInput((Tensor Input, Tensor Indices) inputIndices) =>
        new(inputIndices.Input, inputIndices.Indices);
}
