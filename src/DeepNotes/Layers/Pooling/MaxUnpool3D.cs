namespace DeepNotes.Layers;

/// <summary>
/// 3-D max unpooling, like <c>nn.MaxUnpool3d</c>: the partial inverse of <see cref="MaxPool3D"/>. <c>[N, C, D, H, W]</c>
/// values and their indices (from <see cref="MaxPool3D.ForwardWithIndices"/>) become <c>[N, C, D', H', W']</c> zeros
/// holding each value at its flat index <c>d·H'·W' + h·W' + w</c>, D' = (D − 1)·stride − 2·padding + kernel per
/// dimension unless an output size is given. Gradients flow to the values (gathered at the indices). No parameters.
/// </summary>
/// <example>
/// <code>
/// var pool = new MaxPool3D(2);
/// var unpool = new MaxUnpool3D(2);
/// var (y, indices) = pool.ForwardWithIndices(x);            // [N, C, 8, 56, 56] -> [N, C, 4, 28, 28]
/// Tensor back = unpool.Call(y, indices);                   // [N, C, 8, 56, 56]
/// </code>
/// </example>
public sealed class MaxUnpool3D : Module<MaxUnpoolInput, Tensor>
{
    private readonly UnpoolOptions _options;

    /// <summary>Creates the layer with the settings of the max pooling it inverts.</summary>
    /// <param name="kernelSize">The pooling's window (depth, height, width).</param>
    /// <param name="stride">The pooling's step; null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">The pooling's padding (depth, height, width).</param>
    /// <exception cref="ArgumentException">A kernel size or stride is not positive, or the padding is negative.</exception>
    public MaxUnpool3D(Size3D kernelSize, Size3D? stride = null, Size3D padding = default)
    {
        Size3D s = stride ?? kernelSize;
        _options = UnpoolOptions.Create("MaxUnpool3D", [kernelSize.Depth, kernelSize.Height, kernelSize.Width],
            [s.Depth, s.Height, s.Width], [padding.Depth, padding.Height, padding.Width]);
        KernelSize = kernelSize;
        Stride = s;
        Padding = padding;
    }

    /// <summary>The pooling's window (depth, height, width).</summary>
    public Size3D KernelSize { get; }

    /// <summary>The pooling's step (depth, height, width).</summary>
    public Size3D Stride { get; }

    /// <summary>The pooling's padding (depth, height, width).</summary>
    public Size3D Padding { get; }

    /// <summary>Unpools, like <c>unpool(input, indices, output_size)</c> in PyTorch (hooks run).</summary>
    /// <param name="input">The pooled values <c>[N, C, D, H, W]</c> or <c>[C, D, H, W]</c>.</param>
    /// <param name="indices">Their Int32 indices, flat within each D' × H' × W' volume.</param>
    /// <param name="outputSize">(D', H', W') or [N, C, D', H', W'], or null for the default.</param>
    /// <returns>The unpooled tensor.</returns>
    /// <exception cref="ArgumentException">Bad shapes or dtypes, an index out of range, or an output size out of range.</exception>
    public Tensor Call(Tensor input, Tensor indices, int[]? outputSize = null) => Call(new MaxUnpoolInput(input, indices) { OutputSize = outputSize });

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">Bad shapes or dtypes, an index out of range, or an output size out of range.</exception>
    public override Tensor Forward(MaxUnpoolInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.MaxUnpool(_options, input.Input, input.Indices, input.OutputSize);
    }

    /// <inheritdoc/>
    public override string Describe() => _options.Describe();
}
