namespace DeepNotes.Layers;

/// <summary>
/// Adaptive max pooling to a fixed output size, like <c>nn.AdaptiveMaxPool2d</c>: the windows of
/// <see cref="AdaptiveAvgPool2D"/>, the maximum of each (the first in row-major order on a tie; NaN propagates). No parameters.
/// </summary>
public sealed class AdaptiveMaxPool2D : Module<Tensor, Tensor>
{

    /// <summary>Creates the layer.</summary>
    /// <param name="outputSize">Output size: an int (square) or (height, width), each ≥ 1.</param>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public AdaptiveMaxPool2D(Size2D outputSize)
    {
        if (outputSize.Height <= 0 || outputSize.Width <= 0)
            throw new ArgumentException($"AdaptiveMaxPool2D: output size must be positive, got {outputSize.Height}x{outputSize.Width}.", nameof(outputSize));
        OutputSize = outputSize;
    }

    /// <summary>Output (height, width).</summary>
    public Size2D OutputSize { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.AdaptiveMaxPool2D(input, OutputSize);

    /// <inheritdoc/>
    public override string Describe() => $"AdaptiveMaxPool2D(output {OutputSize.Height}x{OutputSize.Width})";
}
