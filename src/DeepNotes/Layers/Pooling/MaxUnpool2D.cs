namespace DeepNotes.Layers;

/// <summary>
/// 2-D max unpooling, like <c>nn.MaxUnpool2d</c>: the partial inverse of <see cref="MaxPool2D"/>, as in SegNet/U-Net
/// decoders. <c>[N, C, H, W]</c> values and their indices (from <see cref="MaxPool2D.ForwardWithIndices"/>) become
/// <c>[N, C, H', W']</c> zeros holding each value at its flat index, H' = (H − 1)·stride − 2·padding + kernel unless an
/// output size is given. Gradients flow to the values (gathered at the indices). No parameters.
/// </summary>
/// <example>
/// <code>
/// var pool = new MaxPool2D(2);
/// var unpool = new MaxUnpool2D(2);
/// var (y, indices) = pool.ForwardWithIndices(x);            // [N, C, 56, 56] -> [N, C, 28, 28]
/// Tensor back = unpool.Call(y, indices, outputSize: x.Shape.ToArray()); // [N, C, 56, 56]
/// </code>
/// </example>
public sealed class MaxUnpool2D : Module<MaxUnpoolInput, Tensor>
{
    private readonly UnpoolOptions _options;

    /// <summary>Creates the layer with the settings of the max pooling it inverts.</summary>
    /// <param name="kernelSize">The pooling's window (height, width).</param>
    /// <param name="stride">The pooling's step; null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">The pooling's padding (height, width).</param>
    /// <exception cref="ArgumentException">A kernel size or stride is not positive, or the padding is negative.</exception>
    public MaxUnpool2D(Size2D kernelSize, Size2D? stride = null, Size2D padding = default)
    {
        Size2D s = stride ?? kernelSize;
        _options = UnpoolOptions.Create("MaxUnpool2D", [kernelSize.Height, kernelSize.Width], [s.Height, s.Width], [padding.Height, padding.Width]);
        KernelSize = kernelSize;
        Stride = s;
        Padding = padding;
    }

    /// <summary>The pooling's window (height, width).</summary>
    public Size2D KernelSize { get; }

    /// <summary>The pooling's step (height, width).</summary>
    public Size2D Stride { get; }

    /// <summary>The pooling's padding (height, width).</summary>
    public Size2D Padding { get; }

    /// <summary>Unpools, like <c>unpool(input, indices, output_size)</c> in PyTorch (hooks run).</summary>
    /// <param name="input">The pooled values <c>[N, C, H, W]</c> or <c>[C, H, W]</c>.</param>
    /// <param name="indices">Their Int32 indices, flat within each H' × W' plane.</param>
    /// <param name="outputSize">(H', W') or [N, C, H', W'], or null for the default.</param>
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
