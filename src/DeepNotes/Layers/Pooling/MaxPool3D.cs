namespace DeepNotes.Layers;

/// <summary>
/// 3-D max pooling, like <c>nn.MaxPool3d</c>: <c>[N, C, D, H, W] -> [N, C, D', H', W']</c> (or unbatched
/// <c>[C, D, H, W]</c>) with D' = ⌊(D + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1 per dimension (rounded up in
/// ceil mode). Padding counts as −∞; the gradient goes to each window's maximum (the first in depth, row, column order on
/// a tie). No parameters. <see cref="ForwardWithIndices"/> also returns PyTorch's flat per-volume indices for
/// <see cref="MaxUnpool3D"/>; with <c>returnIndices: true</c> every forward keeps them in <see cref="Indices"/>.
/// </summary>
/// <example><code>var pool = new MaxPool3D((1, 2, 2)); // [8, 64, 16, 56, 56] -> [8, 64, 16, 28, 28]</code></example>
public sealed class MaxPool3D : Module<Tensor, Tensor>
{
    private readonly Pool3DOptions _options;

    /// <summary>Creates the layer; sizes are an int (all dimensions) or a (depth, height, width) tuple.</summary>
    /// <param name="kernelSize">Window (depth, height, width).</param>
    /// <param name="stride">Step; null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit −∞ padding per side, at most half the kernel; default none.</param>
    /// <param name="dilation">Spacing between window elements; default 1.</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <param name="returnIndices">Keep the argmax indices of each forward in <see cref="Indices"/> (PyTorch's <c>return_indices</c>).</param>
    /// <exception cref="ArgumentException">A size is not positive, or the padding is more than half the kernel.</exception>
    public MaxPool3D(Size3D kernelSize, Size3D? stride = null, Size3D padding = default, Size3D? dilation = null,
        bool ceilMode = false, bool returnIndices = false)
    {
        _options = Pool3DOptions.Create("MaxPool3D", kernelSize, stride, padding, dilation ?? 1, ceilMode);
        ReturnIndices = returnIndices;
    }

    /// <summary>Window (depth, height, width).</summary>
    public Size3D KernelSize => _options.Kernel;

    /// <summary>Step (depth, height, width).</summary>
    public Size3D Stride => _options.Stride;

    /// <summary>Implicit −∞ padding (depth, height, width).</summary>
    public Size3D Padding => _options.Padding;

    /// <summary>Spacing between window elements (depth, height, width).</summary>
    public Size3D Dilation => _options.Dilation;

    /// <summary>Whether the output size is rounded up.</summary>
    public bool CeilMode => _options.CeilMode;

    /// <summary>Whether each forward keeps its argmax indices in <see cref="Indices"/>.</summary>
    public bool ReturnIndices { get; }

    /// <summary>
    /// With <see cref="ReturnIndices"/>, the Int32 argmax indices of the last forward (flat within each <c>D × H × W</c>
    /// input volume, shaped like the output), for a later <see cref="MaxUnpool3D"/>; otherwise null.
    /// </summary>
    public Tensor? Indices { get; private set; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        var (output, indices) = ForwardWithIndices(input);
        if (ReturnIndices) Indices = indices;
        return output;
    }

    /// <summary>
    /// The pooled output and its Int32 argmax indices (flat within each input volume), like calling
    /// <c>nn.MaxPool3d(..., return_indices=True)</c>.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, D, H, W]</c> or <c>[C, D, H, W]</c> tensor.</param>
    /// <returns>The output (differentiable) and the indices, both <c>[N, C, D', H', W']</c>.</returns>
    /// <exception cref="ArgumentException">The input is not floating point, of the wrong rank, or too small.</exception>
    public (Tensor Output, Tensor Indices) ForwardWithIndices(Tensor input) =>
        Functional.MaxPool3DWithOptions(input, _options);

    /// <summary>One comparison per window element: output elements × kernel volume.</summary>
    /// <param name="input">The call's input.</param>
    /// <param name="output">The call's output.</param>
    public override long EstimateForwardFlops(object? input, object? output) =>
        output is Tensor y ? y.ElementCount * (long)KernelSize.Depth * KernelSize.Height * KernelSize.Width : 0;

    /// <inheritdoc/>
    public override string Describe() => _options.Describe(ReturnIndices ? "return indices" : null);
}
