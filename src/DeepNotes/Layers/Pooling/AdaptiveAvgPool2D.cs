namespace DeepNotes.Layers;

/// <summary>
/// Adaptive average pooling to a fixed output size, like <c>nn.AdaptiveAvgPool2d</c>: <c>[N, C, H, W] -> [N, C, OH, OW]</c>
/// (or <c>[C, H, W] -> [C, OH, OW]</c>) whatever H and W; output (i, j) averages rows [⌊i·H/OH⌋, ⌈(i+1)·H/OH⌉) and the
/// matching columns (windows overlap when the sizes do not divide). No parameters.
/// </summary>
public sealed class AdaptiveAvgPool2D : Module<Tensor, Tensor>
{

    /// <summary>Creates the layer.</summary>
    /// <param name="outputSize">Output size: an int (square) or (height, width), each ≥ 1.</param>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public AdaptiveAvgPool2D(Size2D outputSize)
    {
        if (outputSize.Height <= 0 || outputSize.Width <= 0)
            throw new ArgumentException($"AdaptiveAvgPool2D: output size must be positive, got {outputSize.Height}x{outputSize.Width}.", nameof(outputSize));
        OutputSize = outputSize;
    }

    /// <summary>Output (height, width).</summary>
    public Size2D OutputSize { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.AdaptiveAvgPool2D(input, OutputSize);

    /// <inheritdoc/>
    public override string Describe() => $"AdaptiveAvgPool2D(output {OutputSize.Height}x{OutputSize.Width})";
}
