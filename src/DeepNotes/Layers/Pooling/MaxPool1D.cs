using DeepNotes.Ops.Pooling;

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
    /// <exception cref="ArgumentException">A size is not positive, or the padding is more than half the kernel.</exception>
    public MaxPool1D(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
    {
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

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Ops.Pooling.MaxPool2D.Forward(input, _options);

    /// <inheritdoc/>
    public override string Describe() => _options.Describe();
}
