namespace DeepNotes.Layers;

/// <summary>
/// 2-D average pooling, like <c>nn.AvgPool2d</c>: <c>[N, C, H, W] -> [N, C, H', W']</c> (or <c>[C, H, W]</c>) with
/// H' = ⌊(H + 2·padding − kernel) / stride⌋ + 1 (rounded up in ceil mode). By default the zero padding counts in the
/// divisor (PyTorch's <c>count_include_pad=True</c>, windows clipped to the padded input in ceil mode). No parameters.
/// </summary>
public sealed class AvgPool2D : Module<Tensor, Tensor>
{
    private readonly PoolOptions _options;


    /// <summary>Creates the layer; sizes are an int (both dimensions) or a (height, width) tuple.</summary>
    /// <param name="kernelSize">Window (height, width).</param>
    /// <param name="stride">Step (height, width); null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Zero padding (height, width); default none.</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <param name="countIncludePad">Count the zero padding in the divisor (default true, as in PyTorch).</param>
    /// <param name="divisorOverride">If set (non-zero), the divisor of every window.</param>
    /// <exception cref="ArgumentException">A size is not positive, the padding is more than half the kernel, or the divisor is 0.</exception>
    public AvgPool2D(Size2D kernelSize, Size2D? stride = null, Size2D padding = default,
        bool ceilMode = false, bool countIncludePad = true, int? divisorOverride = null)
    {
        if (divisorOverride == 0) throw new ArgumentException("AvgPool2D: divisor override must not be zero.", nameof(divisorOverride));
        _options = PoolOptions.Create2D("AvgPool2D", kernelSize, stride, padding, 1, ceilMode);
        CountIncludePad = countIncludePad;
        DivisorOverride = divisorOverride;
    }

    /// <summary>Window (height, width).</summary>
    public Size2D KernelSize => new(_options.KH, _options.KW);

    /// <summary>Step (height, width).</summary>
    public Size2D Stride => new(_options.SH, _options.SW);

    /// <summary>Zero padding (height, width).</summary>
    public Size2D Padding => new(_options.PH, _options.PW);

    /// <summary>Whether the output size is rounded up.</summary>
    public bool CeilMode => _options.CeilMode;

    /// <summary>Whether the zero padding counts in the divisor.</summary>
    public bool CountIncludePad { get; }

    /// <summary>The fixed divisor, if any.</summary>
    public int? DivisorOverride { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.AvgPool2D(input, _options, CountIncludePad, DivisorOverride);

    /// <inheritdoc/>
    public override string Describe() => _options.Describe(Functional.AvgPoolExtra(CountIncludePad, DivisorOverride));
}
