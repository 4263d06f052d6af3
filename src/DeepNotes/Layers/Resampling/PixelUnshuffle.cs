using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// Like <c>nn.PixelUnshuffle</c>: <c>[*, C, H·r, W·r] -> [*, C·r², H, W]</c>; each call is <see cref="Functional.PixelUnshuffle"/>. No parameters.
/// </summary>
public sealed class PixelUnshuffle : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="downscaleFactor">The factor (≥ 1).</param>
    /// <exception cref="ArgumentException">A factor below 1.</exception>
    public PixelUnshuffle(int downscaleFactor)
    {
        if (downscaleFactor < 1) throw new ArgumentException($"PixelUnshuffle: downscaleFactor must be positive, got {downscaleFactor}.", nameof(downscaleFactor));
        DownscaleFactor = downscaleFactor;
    }

    /// <summary>The factor given at construction.</summary>
    public int DownscaleFactor { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.PixelUnshuffle(input, DownscaleFactor);

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"PixelUnshuffle(downscaleFactor: {DownscaleFactor})");
}
