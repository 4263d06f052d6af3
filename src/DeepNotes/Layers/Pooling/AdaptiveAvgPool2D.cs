namespace DeepNotes.Layers;

/// <summary>
/// Adaptive average pooling to a fixed output size, like <c>nn.AdaptiveAvgPool2d</c>: <c>[N, C, H, W] -> [N, C, OH, OW]</c>
/// (or <c>[C, H, W] -> [C, OH, OW]</c>) whatever H and W; output (i, j) averages rows [⌊i·H/OH⌋, ⌈(i+1)·H/OH⌉) and the
/// matching columns (windows overlap when the sizes do not divide). A null output dimension keeps the input's size
/// there, like PyTorch's <c>None</c>. No parameters.
/// </summary>
/// <example>
/// <code>
/// var pool = new AdaptiveAvgPool2D(7);          // [N, 512, H, W] -> [N, 512, 7, 7]
/// var rows = new AdaptiveAvgPool2D(null, 1);    // [N, C, H, W] -> [N, C, H, 1], like nn.AdaptiveAvgPool2d((None, 1))
/// </code>
/// </example>
public sealed class AdaptiveAvgPool2D : Module<Tensor, Tensor>
{
    private readonly AdaptiveOptions _options;

    /// <summary>Creates the layer.</summary>
    /// <param name="outputSize">Output size: an int (square) or (height, width), each ≥ 1.</param>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public AdaptiveAvgPool2D(Size2D outputSize)
        : this(outputSize.Height, outputSize.Width)
    {
    }

    /// <summary>Creates the layer with a size per dimension; null keeps the input's size in that dimension.</summary>
    /// <param name="outputHeight">Output height ≥ 1, or null for the input's H.</param>
    /// <param name="outputWidth">Output width ≥ 1, or null for the input's W.</param>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public AdaptiveAvgPool2D(int? outputHeight, int? outputWidth)
    {
        _options = AdaptiveOptions.Create2D("AdaptiveAvgPool2D", outputHeight, outputWidth);
    }

    /// <summary>Output height, or null when it is the input's.</summary>
    public int? OutputHeight => _options.Height;

    /// <summary>Output width, or null when it is the input's.</summary>
    public int? OutputWidth => _options.Width;

    /// <summary>Output (height, width), or null when a dimension keeps the input's size (see <see cref="OutputHeight"/>, <see cref="OutputWidth"/>).</summary>
    public Size2D? OutputSize => _options.Height is int h && _options.Width is int w ? new Size2D(h, w) : null;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.AdaptiveAvgPool2D(input, _options);

    /// <summary>The layer and its output size, e.g. <c>AdaptiveAvgPool2D(output 3x4)</c> or <c>AdaptiveAvgPool2D(output Hx1)</c>.</summary>
    public override string Describe() => _options.Describe();
}
