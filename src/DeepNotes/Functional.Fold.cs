using DeepNotes.Kernels;
using DeepNotes.Ops.Resampling;

namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// Extracts sliding blocks (im2col), like <c>F.unfold</c>: <c>[N, C, H, W] -> [N, C·kH·kW, L]</c> (or unbatched
    /// <c>[C, H, W] -> [C·kH·kW, L]</c>) with L = OH·OW blocks, O = ⌊(size + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1
    /// per dimension. Row (c, i, j) of block (bh, bw) holds pixel (bh·sH − pH + i·dH, bw·sW − pW + j·dW), zero in the padding.
    /// Its gradient is <see cref="Fold"/>.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, H, W]</c> or <c>[C, H, W]</c> tensor.</param>
    /// <param name="kernelSize">Block (height, width), each ≥ 1.</param>
    /// <param name="dilation">Spacing of the block's elements (default 1).</param>
    /// <param name="padding">Implicit zero padding on both sides (default 0).</param>
    /// <param name="stride">Step between blocks (default 1).</param>
    /// <returns>The <c>[N, C·kH·kW, L]</c> blocks.</returns>
    /// <exception cref="ArgumentException">Bad settings, a non-floating-point input, a wrong rank, or no complete block.</exception>
    public static Tensor Unfold(Tensor input, Size2D kernelSize, Size2D? dilation = null, Size2D padding = default, Size2D? stride = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckResamplingFloat("Unfold", input);
        if (input.Rank is not (3 or 4))
            throw new ArgumentException($"Unfold: expected a 3-D [C, H, W] or 4-D [N, C, H, W] input, got {input.Shape}.", nameof(input));
        bool batched = input.Rank == 4;
        int n = batched ? input.Shape[0] : 1, c = input.Shape[^3], h = input.Shape[^2], w = input.Shape[^1];
        ConvGeometry g = SlidingBlockGeometry("Unfold", n, c, h, w, kernelSize, dilation ?? 1, padding, stride ?? 1, input.Shape.ToString());
        return SlidingBlocks.Unfold(input, g, batched);
    }

    /// <summary>
    /// Sums sliding blocks back into an image (col2im), like <c>F.fold</c>, the adjoint of <see cref="Unfold"/>:
    /// <c>[N, C·kH·kW, L] -> [N, C, H, W]</c> (or unbatched <c>[C·kH·kW, L] -> [C, H, W]</c>) where (H, W) is
    /// <paramref name="outputSize"/> and L must be the number of blocks <see cref="Unfold"/> would extract from it.
    /// Overlapping entries add up; entries in the padding are dropped.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C·kH·kW, L]</c> or <c>[C·kH·kW, L]</c> tensor.</param>
    /// <param name="outputSize">The image (height, width).</param>
    /// <param name="kernelSize">Block (height, width), each ≥ 1.</param>
    /// <param name="dilation">Spacing of the block's elements (default 1).</param>
    /// <param name="padding">Implicit zero padding on both sides (default 0).</param>
    /// <param name="stride">Step between blocks (default 1).</param>
    /// <returns>The <c>[N, C, H, W]</c> image.</returns>
    /// <exception cref="ArgumentException">Bad settings, a non-floating-point input, a wrong rank, a dimension 1 not divisible
    /// by kH·kW, or an L that does not match the block count.</exception>
    public static Tensor Fold(Tensor input, Size2D outputSize, Size2D kernelSize, Size2D? dilation = null, Size2D padding = default,
        Size2D? stride = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckResamplingFloat("Fold", input);
        if (input.Rank is not (2 or 3))
            throw new ArgumentException($"Fold: expected a 2-D [C·kH·kW, L] or 3-D [N, C·kH·kW, L] input, got {input.Shape}.", nameof(input));
        if (outputSize.Height < 1 || outputSize.Width < 1)
            throw new ArgumentException($"Fold: outputSize must be positive, got {outputSize}.", nameof(outputSize));
        if (kernelSize.Height < 1 || kernelSize.Width < 1)
            throw new ArgumentException($"Fold: kernelSize must be positive, got {kernelSize}.", nameof(kernelSize));
        bool batched = input.Rank == 3;
        int n = batched ? input.Shape[0] : 1, rows = input.Shape[^2], blocks = input.Shape[^1];
        int k = kernelSize.Height * kernelSize.Width;
        if (rows % k != 0)
            throw new ArgumentException($"Fold: expected dimension {(batched ? 1 : 0)} of input {input.Shape} to be divisible by the product of kernelSize ({k}).", nameof(input));
        ConvGeometry g = SlidingBlockGeometry("Fold", n, rows / k, outputSize.Height, outputSize.Width, kernelSize, dilation ?? 1, padding,
            stride ?? 1, $"[{outputSize.Height}, {outputSize.Width}]");
        if (g.OutPlane != blocks)
            throw new ArgumentException($"Fold: outputSize {outputSize} with kernel {kernelSize}, dilation {dilation ?? 1}, padding {padding} and stride {stride ?? 1} has {g.OutHeight} x {g.OutWidth} = {g.OutPlane} blocks, but input {input.Shape} has L = {blocks}.", nameof(input));
        return SlidingBlocks.Fold(input, g, batched);
    }

    private static ConvGeometry SlidingBlockGeometry(string op, int n, int c, int h, int w, Size2D k, Size2D d, Size2D p, Size2D s, string size)
    {
        if (k.Height < 1 || k.Width < 1) throw new ArgumentException($"{op}: kernelSize must be positive, got {k}.", "kernelSize");
        if (d.Height < 1 || d.Width < 1) throw new ArgumentException($"{op}: dilation must be positive, got {d}.", "dilation");
        if (s.Height < 1 || s.Width < 1) throw new ArgumentException($"{op}: stride must be positive, got {s}.", "stride");
        if (p.Height < 0 || p.Width < 0) throw new ArgumentException($"{op}: padding must be non-negative, got {p}.", "padding");
        long oh = ((long)h + 2L * p.Height - (long)d.Height * (k.Height - 1) - 1);
        long ow = ((long)w + 2L * p.Width - (long)d.Width * (k.Width - 1) - 1);
        oh = oh < 0 ? 0 : oh / s.Height + 1;
        ow = ow < 0 ? 0 : ow / s.Width + 1;
        if (oh < 1 || ow < 1)
            throw new ArgumentException($"{op}: spatial size {size} with kernel {k}, dilation {d}, padding {p} and stride {s} gives {oh} x {ow} blocks; both must be at least 1.");
        return new ConvGeometry(n, c, h, w, c, k.Height, k.Width, s.Height, s.Width, p.Height, p.Width, d.Height, d.Width, 1, (int)oh, (int)ow);
    }

    private static void CheckResamplingFloat(string op, Tensor input)
    {
        if (input.DType is not (DType.Float32 or DType.Float64))
            throw new ArgumentException($"{op}: expected a Float32 or Float64 input, got {input.DType}.", nameof(input));
    }
}
