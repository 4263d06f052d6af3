namespace DeepNotes.Layers;

/// <summary>
/// 3-D average pooling, like <c>nn.AvgPool3d</c>: <c>[N, C, D, H, W] -> [N, C, D', H', W']</c> (or <c>[C, D, H, W]</c>)
/// with D' = ⌊(D + 2·padding − kernel) / stride⌋ + 1 per dimension (rounded up in ceil mode). By default the zero padding
/// counts in the divisor (PyTorch's <c>count_include_pad=True</c>, windows clipped to the padded input in ceil mode). No
/// parameters.
/// </summary>
/// <example><code>var pool = new AvgPool3D((2, 7, 7), stride: 1); // [N, 512, 2, 7, 7] -> [N, 512, 1, 1, 1]</code></example>
public sealed class AvgPool3D : Module<Tensor, Tensor>
{
    private readonly Pool3DOptions _options;

    /// <summary>Creates the layer; sizes are an int (all dimensions) or a (depth, height, width) tuple.</summary>
    /// <param name="kernelSize">Window (depth, height, width).</param>
    /// <param name="stride">Step; null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Zero padding per side, at most half the kernel; default none.</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <param name="countIncludePad">Count the zero padding in the divisor (default true, as in PyTorch).</param>
    /// <param name="divisorOverride">If set (non-zero), the divisor of every window.</param>
    /// <exception cref="ArgumentException">A size is not positive, the padding is more than half the kernel, or the divisor is 0.</exception>
    public AvgPool3D(Size3D kernelSize, Size3D? stride = null, Size3D padding = default, bool ceilMode = false,
        bool countIncludePad = true, int? divisorOverride = null)
    {
        if (divisorOverride == 0) throw new ArgumentException("AvgPool3D: divisor override must not be zero.", nameof(divisorOverride));
        _options = Pool3DOptions.Create("AvgPool3D", kernelSize, stride, padding, 1, ceilMode);
        CountIncludePad = countIncludePad;
        DivisorOverride = divisorOverride;
    }

    /// <summary>Window (depth, height, width).</summary>
    public Size3D KernelSize => _options.Kernel;

    /// <summary>Step (depth, height, width).</summary>
    public Size3D Stride => _options.Stride;

    /// <summary>Zero padding (depth, height, width).</summary>
    public Size3D Padding => _options.Padding;

    /// <summary>Whether the output size is rounded up.</summary>
    public bool CeilMode => _options.CeilMode;

    /// <summary>Whether the zero padding counts in the divisor.</summary>
    public bool CountIncludePad { get; }

    /// <summary>The fixed divisor, if any.</summary>
    public int? DivisorOverride { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) =>
        Functional.AvgPool3D(input, _options, CountIncludePad, DivisorOverride);

    /// <summary>One addition per window element: output elements × kernel volume.</summary>
    /// <param name="input">The call's input.</param>
    /// <param name="output">The call's output.</param>
    public override long EstimateForwardFlops(object? input, object? output) =>
        output is Tensor y ? y.ElementCount * (long)KernelSize.Depth * KernelSize.Height * KernelSize.Width : 0;

    /// <inheritdoc/>
    public override string Describe() => _options.Describe(Functional.AvgPoolExtra(CountIncludePad, DivisorOverride));
}
