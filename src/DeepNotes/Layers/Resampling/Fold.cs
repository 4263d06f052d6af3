namespace DeepNotes.Layers;

/// <summary>
/// Sums sliding blocks into an image (col2im), like <c>nn.Fold</c>: <c>[N, C·kH·kW, L] -> [N, C, H, W]</c> (or
/// unbatched) with (H, W) = <see cref="OutputSize"/>; each call is <see cref="Functional.Fold"/>. No parameters.
/// </summary>
public sealed class Fold : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="outputSize">The image (height, width), each ≥ 1.</param>
    /// <param name="kernelSize">Block (height, width), each ≥ 1.</param>
    /// <param name="dilation">Spacing of the block's elements (default 1).</param>
    /// <param name="padding">Implicit zero padding on both sides (default 0).</param>
    /// <param name="stride">Step between blocks (default 1).</param>
    /// <exception cref="ArgumentException">An output size, kernel, dilation or stride below 1, or a negative padding.</exception>
    public Fold(Size2D outputSize, Size2D kernelSize, Size2D? dilation = null, Size2D padding = default, Size2D? stride = null)
    {
        if (outputSize.Height < 1 || outputSize.Width < 1)
            throw new ArgumentException($"Fold: outputSize must be positive, got {outputSize}.", nameof(outputSize));
        OutputSize = outputSize;
        KernelSize = kernelSize;
        Dilation = dilation ?? 1;
        Padding = padding;
        Stride = stride ?? 1;
        SlidingBlockSettings.Check("Fold", KernelSize, Dilation, Padding, Stride);
    }

    /// <summary>The image (height, width).</summary>
    public Size2D OutputSize { get; }

    /// <summary>Block (height, width).</summary>
    public Size2D KernelSize { get; }

    /// <summary>Spacing of the block's elements.</summary>
    public Size2D Dilation { get; }

    /// <summary>Implicit zero padding.</summary>
    public Size2D Padding { get; }

    /// <summary>Step between blocks.</summary>
    public Size2D Stride { get; }

    /// <summary>One addition per input element (overlapping blocks are summed).</summary>
    /// <param name="input">The call's input.</param>
    /// <param name="output">The call's output.</param>
    public override long EstimateForwardFlops(object? input, object? output) => input is Tensor x ? x.Shape.ElementCount : 0;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Fold(input, OutputSize, KernelSize, Dilation, Padding, Stride);

    /// <inheritdoc/>
    public override string Describe() =>
        $"Fold(output: {OutputSize}, kernel: {KernelSize}, dilation: {Dilation}, padding: {Padding}, stride: {Stride})";
}
