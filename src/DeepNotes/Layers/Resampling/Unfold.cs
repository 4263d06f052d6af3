using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// Extracts sliding blocks (im2col), like <c>nn.Unfold</c>: <c>[N, C, H, W] -> [N, C·kH·kW, L]</c> (or unbatched);
/// each call is <see cref="Functional.Unfold"/>. No parameters.
/// </summary>
public sealed class Unfold : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="kernelSize">Block (height, width), each ≥ 1.</param>
    /// <param name="dilation">Spacing of the block's elements (default 1).</param>
    /// <param name="padding">Implicit zero padding on both sides (default 0).</param>
    /// <param name="stride">Step between blocks (default 1).</param>
    /// <exception cref="ArgumentException">A kernel, dilation or stride below 1, or a negative padding.</exception>
    public Unfold(Size2D kernelSize, Size2D? dilation = null, Size2D padding = default, Size2D? stride = null)
    {
        KernelSize = kernelSize;
        Dilation = dilation ?? 1;
        Padding = padding;
        Stride = stride ?? 1;
        SlidingBlockSettings.Check("Unfold", KernelSize, Dilation, Padding, Stride);
    }

    /// <summary>Block (height, width).</summary>
    public Size2D KernelSize { get; }

    /// <summary>Spacing of the block's elements.</summary>
    public Size2D Dilation { get; }

    /// <summary>Implicit zero padding.</summary>
    public Size2D Padding { get; }

    /// <summary>Step between blocks.</summary>
    public Size2D Stride { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Unfold(input, KernelSize, Dilation, Padding, Stride);

    /// <inheritdoc/>
    public override string Describe() =>
        $"Unfold(kernel: {KernelSize}, dilation: {Dilation}, padding: {Padding}, stride: {Stride})";
}

/// <summary>Construction-time checks shared by <see cref="Unfold"/> and <see cref="Fold"/>.</summary>
internal static class SlidingBlockSettings
{
    public static void Check(string layer, Size2D kernel, Size2D dilation, Size2D padding, Size2D stride)
    {
        if (kernel.Height < 1 || kernel.Width < 1) throw new ArgumentException($"{layer}: kernelSize must be positive, got {kernel}.", "kernelSize");
        if (dilation.Height < 1 || dilation.Width < 1) throw new ArgumentException($"{layer}: dilation must be positive, got {dilation}.", "dilation");
        if (stride.Height < 1 || stride.Width < 1) throw new ArgumentException($"{layer}: stride must be positive, got {stride}.", "stride");
        if (padding.Height < 0 || padding.Width < 0) throw new ArgumentException($"{layer}: padding must be non-negative, got {padding}.", "padding");
    }
}
