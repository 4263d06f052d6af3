namespace DeepNotes.Layers;

/// <summary>
/// Power-average pooling over the last dimension, like <c>nn.LPPool1d</c>: each output is (Σ over its window of xᵖ)^(1/p)
/// — sum pooling for p = 1, the Euclidean norm for p = 2. <c>[N, C, L] -> [N, C, L']</c> (or <c>[C, L]</c>) with
/// L' = ⌊(L − kernel) / stride⌋ + 1 (no padding; rounded up in ceil mode). Values and gradients follow PyTorch's formula
/// exactly (see <see cref="Functional.LPPool1D(Tensor, double, int, int?, bool)"/>). No parameters.
/// </summary>
public sealed class LPPool1D : Module<Tensor, Tensor>
{
    private readonly PoolOptions _options;

    /// <summary>Creates the layer.</summary>
    /// <param name="normType">The power p &gt; 0.</param>
    /// <param name="kernelSize">Window length.</param>
    /// <param name="stride">Step between windows; null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <exception cref="ArgumentException">A size is not positive, or p is not positive and finite.</exception>
    public LPPool1D(double normType, int kernelSize, int? stride = null, bool ceilMode = false)
    {
        Functional.CheckLPNormType("LPPool1D", normType);
        _options = PoolOptions.Create1D("LPPool1D", kernelSize, stride, 0, 1, ceilMode);
        NormType = normType;
    }

    /// <summary>The power p.</summary>
    public double NormType { get; }

    /// <summary>Window length.</summary>
    public int KernelSize => _options.KW;

    /// <summary>Step between windows.</summary>
    public int Stride => _options.SW;

    /// <summary>Whether the output size is rounded up.</summary>
    public bool CeilMode => _options.CeilMode;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.LPPool2D(input, NormType, _options);

    /// <inheritdoc/>
    public override string Describe() => _options.Describe(Functional.LPPoolExtra(NormType));
}
