namespace DeepNotes.Layers;

/// <summary>
/// Power-average pooling, like <c>nn.LPPool2d</c>: each output is (Σ over its window of xᵖ)^(1/p) — sum pooling for
/// p = 1, the Euclidean norm for p = 2, approaching max pooling (of non-negative inputs) as p grows.
/// <c>[N, C, H, W] -> [N, C, H', W']</c> with H' = ⌊(H − kernel) / stride⌋ + 1 (no padding; rounded up in ceil mode).
/// Values and gradients follow PyTorch's formula exactly (see <see cref="Functional.LPPool2D(Tensor, double, Size2D, Size2D?, bool)"/>).
/// No parameters.
/// </summary>
public sealed class LPPool2D : Module<Tensor, Tensor>
{
    private readonly PoolOptions _options;


    /// <summary>Creates the layer; sizes are an int (both dimensions) or a (height, width) tuple.</summary>
    /// <param name="normType">The power p &gt; 0.</param>
    /// <param name="kernelSize">Window (height, width).</param>
    /// <param name="stride">Step (height, width); null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <exception cref="ArgumentException">A size is not positive, or p is not positive and finite.</exception>
    public LPPool2D(double normType, Size2D kernelSize, Size2D? stride = null, bool ceilMode = false)
    {
        Functional.CheckLPNormType("LPPool2D", normType);
        _options = PoolOptions.Create2D("LPPool2D", kernelSize, stride, 0, 1, ceilMode);
        NormType = normType;
    }

    /// <summary>The power p.</summary>
    public double NormType { get; }

    /// <summary>Window (height, width).</summary>
    public Size2D KernelSize => new(_options.KH, _options.KW);

    /// <summary>Step (height, width).</summary>
    public Size2D Stride => new(_options.SH, _options.SW);

    /// <summary>Whether the output size is rounded up.</summary>
    public bool CeilMode => _options.CeilMode;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.LPPool2D(input, NormType, _options);

    /// <inheritdoc/>
    public override string Describe() => _options.Describe(Functional.LPPoolExtra(NormType));
}
