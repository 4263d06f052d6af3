using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Resampling;

/// <summary>
/// <c>F.unfold</c> (im2col) and <c>F.fold</c> (col2im) on the <see cref="Im2Col"/> kernel, image by image on the worker
/// pool. Unfold: <c>[N, C, H, W] -> [N, C·kH·kW, L]</c>, row (c, i, j) and column l = (bh, bw) holding the pixel
/// (bh·sH − pH + i·dH, bw·sW − pW + j·dW), zero outside. Fold is its adjoint: every column entry is added onto its pixel.
/// Each one's backward is the other, recorded, so gradients of any order exist. Arguments are validated by
/// <see cref="Functional"/>; the geometry carries the image size (InHeight, InWidth) and block grid (OutHeight, OutWidth).
/// </summary>
internal static class SlidingBlocks
{
    /// <summary><c>[N, C, H, W] -> [N, C·kH·kW, OH·OW]</c> (unbatched when <paramref name="batched"/> is false).</summary>
    public static Tensor Unfold(Tensor x, ConvGeometry g, bool batched)
    {
        Tensor xc = x.ContiguousRaw();
        Shape shape = batched ? new Shape(g.Batch, g.ColRows, g.OutPlane) : new Shape(g.ColRows, g.OutPlane);
        var y = ShapeMoves.Empty(shape, x.DType);
        if (shape.ElementCount > 0)
        {
            if (x.DType == DType.Float32) Run(new Body<float>(xc.Data<float>(), xc.Offset, y.Data<float>(), g, fold: false), g);
            else Run(new Body<double>(xc.Data<double>(), xc.Offset, y.Data<double>(), g, fold: false), g);
        }
        return Tensor.RecordDifferentiable(y, "Im2ColBackward", [x], grad => [Fold(grad, g, batched)]);
    }

    /// <summary><c>[N, C·kH·kW, OH·OW] -> [N, C, H, W]</c>, overlapping entries summed (unbatched when <paramref name="batched"/> is false).</summary>
    public static Tensor Fold(Tensor col, ConvGeometry g, bool batched)
    {
        Tensor cc = col.ContiguousRaw();
        Shape shape = batched ? new Shape(g.Batch, g.InChannels, g.InHeight, g.InWidth) : new Shape(g.InChannels, g.InHeight, g.InWidth);
        var y = ShapeMoves.Empty(shape, col.DType);
        if (shape.ElementCount > 0)
        {
            if (col.DType == DType.Float32) Run(new Body<float>(cc.Data<float>(), cc.Offset, y.Data<float>(), g, fold: true), g);
            else Run(new Body<double>(cc.Data<double>(), cc.Offset, y.Data<double>(), g, fold: true), g);
        }
        return Tensor.RecordDifferentiable(y, "Col2ImBackward", [col], grad => [Unfold(grad, g, batched)]);
    }

    private static void Run<TBody>(TBody body, ConvGeometry g) where TBody : struct, IRangeBody =>
        RangeJob<TBody>.Run(body, g.Batch, RangeJob.Grain((long)g.ColRows * g.OutPlane + (long)g.InChannels * g.InPlane));

    private readonly struct Body<T>(T[] source, int sourceOffset, T[] destination, ConvGeometry g, bool fold) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int start, int count)
        {
            int image = g.InChannels * g.InPlane, columns = g.ColRows * g.OutPlane;
            for (int n = start; n < start + count; n++)
            {
                if (fold)
                {
                    Span<T> dst = destination.AsSpan(n * image, image);
                    dst.Clear();
                    Im2Col.Raise<T>(source.AsSpan(sourceOffset + n * columns, columns), g, dst);
                }
                else
                {
                    Im2Col.Lower<T>(source.AsSpan(sourceOffset + n * image, image), g, destination.AsSpan(n * columns, columns));
                }
            }
        }
    }
}
