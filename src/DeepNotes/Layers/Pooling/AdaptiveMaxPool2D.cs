namespace DeepNotes.Layers;

/// <summary>
/// Adaptive max pooling to a fixed output size, like <c>nn.AdaptiveMaxPool2d</c>: the windows of
/// <see cref="AdaptiveAvgPool2D"/>, the maximum of each (the first in row-major order on a tie; NaN propagates). A null
/// output dimension keeps the input's size there, like PyTorch's <c>None</c>. No parameters.
/// </summary>
/// <example>
/// <code>
/// var pool = new AdaptiveMaxPool2D(7);          // [N, 512, H, W] -> [N, 512, 7, 7]
/// var cols = new AdaptiveMaxPool2D(1, null);    // [N, C, H, W] -> [N, C, 1, W], like nn.AdaptiveMaxPool2d((1, None))
/// </code>
/// </example>
public sealed class AdaptiveMaxPool2D : Module<Tensor, Tensor>
{
    private readonly AdaptiveOptions _options;

    /// <summary>Creates the layer.</summary>
    /// <param name="outputSize">Output size: an int (square) or (height, width), each ≥ 1.</param>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public AdaptiveMaxPool2D(Size2D outputSize)
        : this(outputSize.Height, outputSize.Width)
    {
    }

    /// <summary>Creates the layer with a size per dimension; null keeps the input's size in that dimension.</summary>
    /// <param name="outputHeight">Output height ≥ 1, or null for the input's H.</param>
    /// <param name="outputWidth">Output width ≥ 1, or null for the input's W.</param>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public AdaptiveMaxPool2D(int? outputHeight, int? outputWidth)
    {
        _options = AdaptiveOptions.Create2D("AdaptiveMaxPool2D", outputHeight, outputWidth);
    }

    /// <summary>Output height, or null when it is the input's.</summary>
    public int? OutputHeight => _options.Height;

    /// <summary>Output width, or null when it is the input's.</summary>
    public int? OutputWidth => _options.Width;

    /// <summary>Output (height, width), or null when a dimension keeps the input's size (see <see cref="OutputHeight"/>, <see cref="OutputWidth"/>).</summary>
    public Size2D? OutputSize => _options.Height is int h && _options.Width is int w ? new Size2D(h, w) : null;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.AdaptiveMaxPool2DWithIndices(input, _options).Output;

    /// <summary>The layer and its output size, e.g. <c>AdaptiveMaxPool2D(output 3x4)</c> or <c>AdaptiveMaxPool2D(output 1xW)</c>.</summary>
    public override string Describe() => _options.Describe();
}
