namespace DeepNotes.Layers;

/// <summary>
/// 1-D max unpooling, like <c>nn.MaxUnpool1d</c>: the partial inverse of <see cref="MaxPool1D"/>. <c>[N, C, L]</c>
/// values and their indices (from <see cref="MaxPool1D.ForwardWithIndices"/>) become <c>[N, C, L']</c> zeros holding
/// each value at its position, L' = (L − 1)·stride − 2·padding + kernel unless an output size is given. Gradients flow
/// to the values (gathered at the indices). No parameters.
/// </summary>
/// <example>
/// <code>
/// var pool = new MaxPool1D(2);
/// var unpool = new MaxUnpool1D(2);
/// var (y, indices) = pool.ForwardWithIndices(x);            // [N, C, 9] -> [N, C, 4]
/// Tensor back = unpool.Call(y, indices, outputSize: x.Shape.ToArray()); // [N, C, 9]
/// </code>
/// </example>
public sealed class MaxUnpool1D : Module<MaxUnpoolInput, Tensor>
{
    private readonly UnpoolOptions _options;

    /// <summary>Creates the layer with the settings of the max pooling it inverts.</summary>
    /// <param name="kernelSize">The pooling's window length.</param>
    /// <param name="stride">The pooling's step; null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">The pooling's padding.</param>
    /// <exception cref="ArgumentException">A kernel size or stride is not positive, or the padding is negative.</exception>
    public MaxUnpool1D(int kernelSize, int? stride = null, int padding = 0)
    {
        int s = stride ?? kernelSize;
        _options = UnpoolOptions.Create("MaxUnpool1D", [kernelSize], [s], [padding]);
        KernelSize = kernelSize;
        Stride = s;
        Padding = padding;
    }

    /// <summary>The pooling's window length.</summary>
    public int KernelSize { get; }

    /// <summary>The pooling's step.</summary>
    public int Stride { get; }

    /// <summary>The pooling's padding.</summary>
    public int Padding { get; }

    /// <summary>Unpools, like <c>unpool(input, indices, output_size)</c> in PyTorch (hooks run).</summary>
    /// <param name="input">The pooled values <c>[N, C, L]</c> or <c>[C, L]</c>.</param>
    /// <param name="indices">Their Int32 positions along L'.</param>
    /// <param name="outputSize">[L'] or [N, C, L'], or null for the default.</param>
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
