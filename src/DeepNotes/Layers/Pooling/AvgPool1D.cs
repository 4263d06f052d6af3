namespace DeepNotes.Layers;

/// <summary>
/// 1-D average pooling over the last dimension, like <c>nn.AvgPool1d</c>: <c>[N, C, L] -> [N, C, L']</c> (or
/// <c>[C, L]</c>) with L' = ⌊(L + 2·padding − kernel) / stride⌋ + 1 (rounded up in ceil mode); zero padding counts in the
/// divisor unless <see cref="CountIncludePad"/> is false. No parameters.
/// </summary>
public sealed class AvgPool1D : Module<Tensor, Tensor>
{
    private readonly PoolOptions _options;

    /// <summary>Creates the layer.</summary>
    /// <param name="kernelSize">Window length.</param>
    /// <param name="stride">Step between windows; null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Zero padding on each side, at most half the kernel.</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <param name="countIncludePad">Count the zero padding in the divisor (default true, as in PyTorch).</param>
    /// <exception cref="ArgumentException">A size is not positive, or the padding is more than half the kernel.</exception>
    public AvgPool1D(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true)
    {
        _options = PoolOptions.Create1D("AvgPool1D", kernelSize, stride, padding, 1, ceilMode);
        CountIncludePad = countIncludePad;
    }

    /// <summary>Window length.</summary>
    public int KernelSize => _options.KW;

    /// <summary>Step between windows.</summary>
    public int Stride => _options.SW;

    /// <summary>Zero padding on each side.</summary>
    public int Padding => _options.PW;

    /// <summary>Whether the output size is rounded up.</summary>
    public bool CeilMode => _options.CeilMode;

    /// <summary>Whether the zero padding counts in the divisor.</summary>
    public bool CountIncludePad { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.AvgPool2D(input, _options, CountIncludePad, null);

    /// <inheritdoc/>
    public override string Describe() => _options.Describe(Functional.AvgPoolExtra(CountIncludePad, null));
}
