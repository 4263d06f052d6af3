namespace DeepNotes.Layers;

/// <summary>
/// 2-D max pooling, like <c>nn.MaxPool2d</c>: <c>[N, C, H, W] -> [N, C, H', W']</c> (or <c>[C, H, W] -> [C, H', W']</c>)
/// with H' = ⌊(H + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1 (rounded up in ceil mode). Padding counts as −∞;
/// the gradient goes to each window's maximum (the first in row-major order on a tie). No parameters.
/// </summary>
/// <example><code>var pool = new MaxPool2D(2); // [64, 32, 28, 28] -> [64, 32, 14, 14]</code></example>
public sealed class MaxPool2D : Module<Tensor, Tensor>
{
    private readonly PoolOptions _options;


    /// <summary>Creates the layer; sizes are an int (both dimensions) or a (height, width) tuple.</summary>
    /// <param name="kernelSize">Window (height, width).</param>
    /// <param name="stride">Step (height, width); null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit −∞ padding (height, width); default none.</param>
    /// <param name="dilation">Spacing (height, width); default (1, 1).</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <param name="returnIndices">Keep the argmax indices of each forward in <see cref="Indices"/> (PyTorch's <c>return_indices</c>).</param>
    /// <exception cref="ArgumentException">A size is not positive, or the padding is more than half the kernel.</exception>
    public MaxPool2D(Size2D kernelSize, Size2D? stride = null, Size2D padding = default,
        Size2D? dilation = null, bool ceilMode = false, bool returnIndices = false)
    {
        ReturnIndices = returnIndices;
        _options = PoolOptions.Create2D("MaxPool2D", kernelSize, stride, padding, dilation ?? 1, ceilMode);
    }

    /// <summary>Window (height, width).</summary>
    public Size2D KernelSize => new(_options.KH, _options.KW);

    /// <summary>Step (height, width).</summary>
    public Size2D Stride => new(_options.SH, _options.SW);

    /// <summary>Implicit −∞ padding (height, width).</summary>
    public Size2D Padding => new(_options.PH, _options.PW);

    /// <summary>Spacing between window elements (height, width).</summary>
    public Size2D Dilation => new(_options.DH, _options.DW);

    /// <summary>Whether the output size is rounded up.</summary>
    public bool CeilMode => _options.CeilMode;

    /// <summary>Whether each forward keeps its argmax indices in <see cref="Indices"/>.</summary>
    public bool ReturnIndices { get; }

    /// <summary>
    /// With <see cref="ReturnIndices"/>, the Int32 argmax indices of the last forward (flat within each <c>H × W</c> input plane, shaped like the
    /// output), for a later <see cref="MaxUnpool2D"/>; otherwise null.
    /// </summary>
    public Tensor? Indices { get; private set; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        if (!ReturnIndices) return Functional.MaxPool2D(input, _options);
        (Tensor output, Indices) = ForwardWithIndices(input);
        return output;
    }

    /// <summary>
    /// The pooled output and its Int32 argmax indices (flat within each <c>H × W</c> input plane), like calling the PyTorch layer built with
    /// <c>return_indices=True</c>; the indices are what <see cref="MaxUnpool2D"/> takes.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, H, W]</c> or <c>[C, H, W]</c> tensor.</param>
    /// <returns>The output (differentiable) and the indices, both <c>[N, C, H', W']</c>.</returns>
    /// <exception cref="ArgumentException">The input is not floating point, of the wrong rank, or too small.</exception>
    public (Tensor Output, Tensor Indices) ForwardWithIndices(Tensor input) =>
        Functional.MaxPool2DWithIndices(input, _options);

    /// <inheritdoc/>
    public override string Describe() => _options.Describe(ReturnIndices ? "return indices" : null);
}
