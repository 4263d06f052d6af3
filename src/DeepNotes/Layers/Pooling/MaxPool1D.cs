namespace DeepNotes.Layers;

/// <summary>
/// 1-D max pooling over the last dimension, like <c>nn.MaxPool1d</c>: <c>[N, C, L] -> [N, C, L']</c> (or
/// <c>[C, L] -> [C, L']</c>) with L' = ⌊(L + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1 (rounded up in ceil
/// mode). Padding counts as −∞; the gradient goes to each window's (first) maximum. No parameters.
/// </summary>
public sealed class MaxPool1D : Module<Tensor, Tensor>
{
    private readonly PoolOptions _options;

    /// <summary>Creates the layer.</summary>
    /// <param name="kernelSize">Window length.</param>
    /// <param name="stride">Step between windows; null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit −∞ padding on each side, at most half the kernel.</param>
    /// <param name="dilation">Spacing between window elements.</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <param name="returnIndices">Keep the argmax indices of each forward in <see cref="Indices"/> (PyTorch's <c>return_indices</c>).</param>
    /// <exception cref="ArgumentException">A size is not positive, or the padding is more than half the kernel.</exception>
    public MaxPool1D(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false, bool returnIndices = false)
    {
        ReturnIndices = returnIndices;
        _options = PoolOptions.Create1D("MaxPool1D", kernelSize, stride, padding, dilation, ceilMode);
    }

    /// <summary>Window length.</summary>
    public int KernelSize => _options.KW;

    /// <summary>Step between windows.</summary>
    public int Stride => _options.SW;

    /// <summary>Implicit −∞ padding on each side.</summary>
    public int Padding => _options.PW;

    /// <summary>Spacing between window elements.</summary>
    public int Dilation => _options.DW;

    /// <summary>Whether the output size is rounded up.</summary>
    public bool CeilMode => _options.CeilMode;

    /// <summary>Whether each forward keeps its argmax indices in <see cref="Indices"/>.</summary>
    public bool ReturnIndices { get; }

    /// <summary>
    /// With <see cref="ReturnIndices"/>, the Int32 argmax indices of the last forward (positions along L, shaped like the
    /// output), for a later <see cref="MaxUnpool1D"/>; otherwise null.
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
    /// The pooled output and its Int32 argmax indices (positions along L), like calling the PyTorch layer built with
    /// <c>return_indices=True</c>; the indices are what <see cref="MaxUnpool1D"/> takes.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, L]</c> or <c>[C, L]</c> tensor.</param>
    /// <returns>The output (differentiable) and the indices, both <c>[N, C, L']</c>.</returns>
    /// <exception cref="ArgumentException">The input is not floating point, of the wrong rank, or too small.</exception>
    public (Tensor Output, Tensor Indices) ForwardWithIndices(Tensor input) =>
        Functional.MaxPool2DWithIndices(input, _options);

    /// <inheritdoc/>
    public override string Describe() => _options.Describe(ReturnIndices ? "return indices" : null);
}
