namespace DeepNotes.Layers;

/// <summary>
/// Bilinear upsampling of 4-D input with aligned corners, like <c>nn.UpsamplingBilinear2d</c> (<see cref="Upsample"/>
/// with <see cref="InterpolationMode.Bilinear"/> and <c>alignCorners: true</c>): <c>[N, C, H, W] -> [N, C, H', W']</c>.
/// No parameters.
/// </summary>
public sealed class UpsamplingBilinear2D : Module<Tensor, Tensor>
{
    private readonly UpsampleSettings _settings;

    /// <summary>Creates the layer with a scale for both spatial dimensions.</summary>
    /// <param name="scaleFactor">Scale of H and W (positive).</param>
    /// <exception cref="ArgumentException">A non-positive scale.</exception>
    public UpsamplingBilinear2D(double scaleFactor)
    {
        _settings = new UpsampleSettings("UpsamplingBilinear2D", null, [scaleFactor, scaleFactor], perDimension: true, InterpolationMode.Bilinear, true, null);
    }

    /// <summary>Creates the layer with an output size (an int for both dimensions, or (height, width)).</summary>
    /// <param name="size">Output (height, width).</param>
    /// <exception cref="ArgumentException">A non-positive size.</exception>
    public UpsamplingBilinear2D(Size2D size)
    {
        _settings = new UpsampleSettings("UpsamplingBilinear2D", [size.Height, size.Width], null, perDimension: true, InterpolationMode.Bilinear, true, null);
    }

    /// <summary>The output (height, width), or null when a scale is given.</summary>
    public IReadOnlyList<int>? Size => _settings.Size;

    /// <summary>The (height, width) scale, or null when a size is given.</summary>
    public IReadOnlyList<double>? ScaleFactor => _settings.ScaleFactor;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => _settings.Forward(input);

    /// <summary>Output elements × 7 (four taps).</summary>
    /// <param name="input">The call's input.</param>
    /// <param name="output">The call's output.</param>
    public override long EstimateForwardFlops(object? input, object? output) => _settings.Flops(input, output);

    /// <inheritdoc/>
    public override string Describe() => _settings.Describe();
}
