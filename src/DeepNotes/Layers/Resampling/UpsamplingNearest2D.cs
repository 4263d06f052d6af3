namespace DeepNotes.Layers;

/// <summary>
/// Nearest-neighbour upsampling of 4-D input, like <c>nn.UpsamplingNearest2d</c> (<see cref="Upsample"/> with
/// <see cref="InterpolationMode.Nearest"/>): <c>[N, C, H, W] -> [N, C, H', W']</c>. No parameters.
/// </summary>
public sealed class UpsamplingNearest2D : Module<Tensor, Tensor>
{
    private readonly UpsampleSettings _settings;

    /// <summary>Creates the layer with a scale for both spatial dimensions.</summary>
    /// <param name="scaleFactor">Scale of H and W (positive).</param>
    /// <exception cref="ArgumentException">A non-positive scale.</exception>
    public UpsamplingNearest2D(double scaleFactor)
    {
        _settings = new UpsampleSettings("UpsamplingNearest2D", null, [scaleFactor, scaleFactor], perDimension: true, InterpolationMode.Nearest, null, null);
    }

    /// <summary>Creates the layer with an output size (an int for both dimensions, or (height, width)).</summary>
    /// <param name="size">Output (height, width).</param>
    /// <exception cref="ArgumentException">A non-positive size.</exception>
    public UpsamplingNearest2D(Size2D size)
    {
        _settings = new UpsampleSettings("UpsamplingNearest2D", [size.Height, size.Width], null, perDimension: true, InterpolationMode.Nearest, null, null);
    }

    /// <summary>The output (height, width), or null when a scale is given.</summary>
    public IReadOnlyList<int>? Size => _settings.Size;

    /// <summary>The (height, width) scale, or null when a size is given.</summary>
    public IReadOnlyList<double>? ScaleFactor => _settings.ScaleFactor;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4) throw new ArgumentException($"UpsamplingNearest2D: expected a 4-D [N, C, H, W] input, got {input.Shape}.", nameof(input));
        return _settings.Forward(input);
    }

    /// <inheritdoc/>
    public override string Describe() => _settings.Describe();
}
