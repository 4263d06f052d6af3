namespace DeepNotes.Layers;

/// <summary>
/// Adaptive max pooling to a fixed output size, like <c>nn.AdaptiveMaxPool2d</c>: the windows of
/// <see cref="AdaptiveAvgPool2D"/>, the maximum of each (the first in row-major order on a tie; NaN propagates). No parameters.
/// </summary>
public sealed class AdaptiveMaxPool2D : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer with a square output.</summary>
    /// <param name="outputSize">Output height and width, ≥ 1.</param>
    /// <exception cref="ArgumentException">The size is not positive.</exception>
    public AdaptiveMaxPool2D(int outputSize) : this((outputSize, outputSize))
    {
    }

    /// <summary>Creates the layer.</summary>
    /// <param name="outputSize">Output (height, width), each ≥ 1.</param>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public AdaptiveMaxPool2D((int Height, int Width) outputSize)
    {
        if (outputSize.Height <= 0 || outputSize.Width <= 0)
            throw new ArgumentException($"AdaptiveMaxPool2D: output size must be positive, got {outputSize.Height}x{outputSize.Width}.", nameof(outputSize));
        OutputSize = outputSize;
    }

    /// <summary>Output (height, width).</summary>
    public (int Height, int Width) OutputSize { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.AdaptiveMaxPool2D(input, OutputSize);

    /// <inheritdoc/>
    public override string Describe() => $"AdaptiveMaxPool2D(output {OutputSize.Height}x{OutputSize.Width})";
}
