namespace DeepNotes.Layers;

/// <summary>
/// Adaptive 3-D average pooling to a fixed output size, like <c>nn.AdaptiveAvgPool3d</c>:
/// <c>[N, C, D, H, W] -> [N, C, OD, OH, OW]</c> (or unbatched), output (i, j, k) averaging depths
/// [⌊i·D/OD⌋, ⌈(i+1)·D/OD⌉) and the matching rows and columns. A null output dimension keeps the input's size there,
/// like PyTorch's <c>None</c>. No parameters.
/// </summary>
/// <example>
/// <code>
/// var head = new AdaptiveAvgPool3D(1);              // [N, 512, T, H, W] -> [N, 512, 1, 1, 1] (video classifiers)
/// var space = new AdaptiveAvgPool3D(null, 1, 1);    // keep time: [N, C, T, H, W] -> [N, C, T, 1, 1]
/// </code>
/// </example>
public sealed class AdaptiveAvgPool3D : Module<Tensor, Tensor>
{
    private readonly Adaptive3DOptions _options;

    /// <summary>Creates the layer.</summary>
    /// <param name="outputSize">Output size: an int (cube) or (depth, height, width), each ≥ 1.</param>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public AdaptiveAvgPool3D(Size3D outputSize)
        : this(outputSize.Depth, outputSize.Height, outputSize.Width)
    {
    }

    /// <summary>Creates the layer with a size per dimension; null keeps the input's size in that dimension.</summary>
    /// <param name="outputDepth">Output depth ≥ 1, or null for the input's D.</param>
    /// <param name="outputHeight">Output height ≥ 1, or null for the input's H.</param>
    /// <param name="outputWidth">Output width ≥ 1, or null for the input's W.</param>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public AdaptiveAvgPool3D(int? outputDepth, int? outputHeight, int? outputWidth)
    {
        _options = Adaptive3DOptions.Create("AdaptiveAvgPool3D", outputDepth, outputHeight, outputWidth);
    }

    /// <summary>Output depth, or null when it is the input's.</summary>
    public int? OutputDepth => _options.Depth;

    /// <summary>Output height, or null when it is the input's.</summary>
    public int? OutputHeight => _options.Height;

    /// <summary>Output width, or null when it is the input's.</summary>
    public int? OutputWidth => _options.Width;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.AdaptiveAvgPool3D(input, _options);

    /// <summary>About one addition per input element (windows overlap only when sizes do not divide).</summary>
    /// <param name="input">The call's input.</param>
    /// <param name="output">The call's output.</param>
    public override long EstimateForwardFlops(object? input, object? output) => input is Tensor x ? x.ElementCount : 0;

    /// <summary>The layer and its output size, e.g. <c>AdaptiveAvgPool3D(output 1x7x7)</c> or <c>AdaptiveAvgPool3D(output Dx1x1)</c>.</summary>
    public override string Describe() => _options.Describe();
}
