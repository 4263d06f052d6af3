using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// Like <c>nn.PixelShuffle</c>: <c>[*, C·r², H, W] -> [*, C, H·r, W·r]</c>; each call is <see cref="Functional.PixelShuffle"/>. No parameters.
/// </summary>
public sealed class PixelShuffle : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="upscaleFactor">The factor (≥ 1).</param>
    /// <exception cref="ArgumentException">A factor below 1.</exception>
    public PixelShuffle(int upscaleFactor)
    {
        if (upscaleFactor < 1) throw new ArgumentException($"PixelShuffle: upscaleFactor must be positive, got {upscaleFactor}.", nameof(upscaleFactor));
        UpscaleFactor = upscaleFactor;
    }

    /// <summary>The factor given at construction.</summary>
    public int UpscaleFactor { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.PixelShuffle(input, UpscaleFactor);

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"PixelShuffle(upscaleFactor: {UpscaleFactor})");
}
