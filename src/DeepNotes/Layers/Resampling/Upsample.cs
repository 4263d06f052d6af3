namespace DeepNotes.Layers;

/// <summary>
/// Upsamples (or downsamples) the spatial dimensions, like <c>nn.Upsample</c>: <c>[N, C, L]</c>, <c>[N, C, H, W]</c> or
/// <c>[N, C, D, H, W]</c> to the given size or by the given scale, with any <see cref="InterpolationMode"/>; each call is
/// <see cref="Functional.Interpolate(Tensor, IReadOnlyList{int}?, IReadOnlyList{double}?, InterpolationMode, bool?, bool?)"/>.
/// No parameters.
/// </summary>
/// <example>
/// <code>
/// var up = new Upsample(scaleFactor: 2, mode: InterpolationMode.Bilinear);   // [N, C, H, W] -> [N, C, 2H, 2W]
/// var to = new Upsample(size: [32, 48]);                                     // nearest to 32 x 48
/// </code>
/// </example>
public sealed class Upsample : Module<Tensor, Tensor>
{
    private readonly UpsampleSettings _settings;

    /// <summary>Creates the layer with a size or scale per spatial dimension (exactly one of them).</summary>
    /// <param name="size">Output spatial size, one entry per spatial dimension of the input; or null.</param>
    /// <param name="scaleFactor">Scale per spatial dimension (positive); or null.</param>
    /// <param name="mode">The algorithm (default nearest).</param>
    /// <param name="alignCorners">For the linear modes only (null means false); see <see cref="Functional.Interpolate(Tensor, IReadOnlyList{int}?, IReadOnlyList{double}?, InterpolationMode, bool?, bool?)"/>.</param>
    /// <param name="recomputeScaleFactor">With a scale factor: recompute the ratio from the sizes.</param>
    /// <exception cref="ArgumentException">Both or neither of size and scale, a non-positive entry, or align corners with a mode that has none.</exception>
    public Upsample(IReadOnlyList<int>? size = null, IReadOnlyList<double>? scaleFactor = null,
        InterpolationMode mode = InterpolationMode.Nearest, bool? alignCorners = null, bool? recomputeScaleFactor = null)
    {
        _settings = new UpsampleSettings("Upsample", size?.ToArray(), scaleFactor?.ToArray(), perDimension: true, mode, alignCorners,
            recomputeScaleFactor);
    }

    /// <summary>Creates the layer with one scale for every spatial dimension (PyTorch's <c>scale_factor=2</c>).</summary>
    /// <param name="scaleFactor">Scale of every spatial dimension (positive).</param>
    /// <param name="mode">The algorithm (default nearest).</param>
    /// <param name="alignCorners">For the linear modes only (null means false).</param>
    /// <param name="recomputeScaleFactor">Recompute the ratio from the sizes.</param>
    /// <exception cref="ArgumentException">A non-positive scale, or align corners with a mode that has none.</exception>
    public Upsample(double scaleFactor, InterpolationMode mode = InterpolationMode.Nearest, bool? alignCorners = null,
        bool? recomputeScaleFactor = null)
    {
        _settings = new UpsampleSettings("Upsample", null, [scaleFactor], perDimension: false, mode, alignCorners, recomputeScaleFactor);
    }

    /// <summary>Creates the layer with one output size for every spatial dimension (PyTorch's <c>size=32</c>).</summary>
    /// <param name="size">Output size of every spatial dimension (positive).</param>
    /// <param name="mode">The algorithm (default nearest).</param>
    /// <param name="alignCorners">For the linear modes only (null means false).</param>
    /// <exception cref="ArgumentException">A non-positive size, or align corners with a mode that has none.</exception>
    public Upsample(int size, InterpolationMode mode = InterpolationMode.Nearest, bool? alignCorners = null)
    {
        _settings = new UpsampleSettings("Upsample", [size], null, perDimension: false, mode, alignCorners, null);
    }

    /// <summary>The output size (one entry when it applies to every spatial dimension), or null when a scale is given.</summary>
    public IReadOnlyList<int>? Size => _settings.Size;

    /// <summary>The scale (one entry when it applies to every spatial dimension), or null when a size is given.</summary>
    public IReadOnlyList<double>? ScaleFactor => _settings.ScaleFactor;

    /// <summary>The interpolation algorithm.</summary>
    public InterpolationMode Mode => _settings.Mode;

    /// <summary>Align corners (null: not given, false for the linear modes).</summary>
    public bool? AlignCorners => _settings.AlignCorners;

    /// <summary>Whether the ratio is recomputed from the sizes (null: not given, i.e. false).</summary>
    public bool? RecomputeScaleFactor => _settings.RecomputeScaleFactor;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => _settings.Forward(input);

    /// <summary>Output elements × (2·taps − 1): 2<sup>d</sup> taps for the linear modes, 16 for bicubic, the window for area, 0 for nearest.</summary>
    /// <param name="input">The call's input.</param>
    /// <param name="output">The call's output.</param>
    public override long EstimateForwardFlops(object? input, object? output) => _settings.Flops(input, output);

    /// <inheritdoc/>
    public override string Describe() => _settings.Describe();
}
