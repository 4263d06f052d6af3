using DeepNotes.Ops.Pooling;

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

    /// <summary>Creates the layer with a square window.</summary>
    /// <param name="kernelSize">Window size.</param>
    /// <param name="stride">Step between windows; null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit −∞ padding on each side, at most half the kernel.</param>
    /// <param name="dilation">Spacing between window elements.</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <exception cref="ArgumentException">A size is not positive, or the padding is more than half the kernel.</exception>
    public MaxPool2D(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
        : this((kernelSize, kernelSize), stride is int s ? (s, s) : null, (padding, padding), (dilation, dilation), ceilMode)
    {
    }

    /// <summary>Creates the layer with separate heights and widths.</summary>
    /// <param name="kernelSize">Window (height, width).</param>
    /// <param name="stride">Step (height, width); null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit −∞ padding (height, width); default none.</param>
    /// <param name="dilation">Spacing (height, width); default (1, 1).</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <exception cref="ArgumentException">A size is not positive, or the padding is more than half the kernel.</exception>
    public MaxPool2D((int Height, int Width) kernelSize, (int Height, int Width)? stride = null, (int Height, int Width) padding = default,
        (int Height, int Width)? dilation = null, bool ceilMode = false)
    {
        _options = PoolOptions.Create2D("MaxPool2D", kernelSize, stride, padding, dilation ?? (1, 1), ceilMode);
    }

    /// <summary>Window (height, width).</summary>
    public (int Height, int Width) KernelSize => (_options.KH, _options.KW);

    /// <summary>Step (height, width).</summary>
    public (int Height, int Width) Stride => (_options.SH, _options.SW);

    /// <summary>Implicit −∞ padding (height, width).</summary>
    public (int Height, int Width) Padding => (_options.PH, _options.PW);

    /// <summary>Spacing between window elements (height, width).</summary>
    public (int Height, int Width) Dilation => (_options.DH, _options.DW);

    /// <summary>Whether the output size is rounded up.</summary>
    public bool CeilMode => _options.CeilMode;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Ops.Pooling.MaxPool2D.Forward(input, _options);

    /// <inheritdoc/>
    public override string Describe() => _options.Describe();
}
