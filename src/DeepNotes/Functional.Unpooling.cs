using DeepNotes.Ops.Pooling;

namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// 1-D max unpooling, like <c>F.max_unpool1d</c>: the partial inverse of <see cref="MaxPool1DWithIndices"/>.
    /// <c>[N, C, L] -> [N, C, L']</c> (or <c>[C, L]</c>), zeros except each input value at its index; by default
    /// L' = (L − 1)·stride − 2·padding + kernel. Backward gathers the output gradient at the indices.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, L]</c> or <c>[C, L]</c> tensor (a pooled output).</param>
    /// <param name="indices">Int32 positions along L', the input's shape (the pooling's indices).</param>
    /// <param name="kernelSize">The pooling's window length.</param>
    /// <param name="stride">The pooling's step; null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">The pooling's padding.</param>
    /// <param name="outputSize">L' (or [N, C, L']) when the default is not the pooled input's size; it must lie strictly between default ∓ stride.</param>
    /// <returns>The unpooled tensor (differentiable with respect to <paramref name="input"/>).</returns>
    /// <exception cref="ArgumentException">Bad settings, dtypes, shapes, an index out of range, or an output size out of range.</exception>
    public static Tensor MaxUnpool1D(Tensor input, Tensor indices, int kernelSize, int? stride = null, int padding = 0, int[]? outputSize = null) =>
        MaxUnpool(UnpoolOptions.Create("MaxUnpool1D", [kernelSize], stride is int s ? [s] : null, [padding]), input, indices, outputSize);

    /// <summary>
    /// 2-D max unpooling, like <c>F.max_unpool2d</c>: the partial inverse of
    /// <see cref="MaxPool2DWithIndices(Tensor, Size2D, Size2D?, Size2D, Size2D?, bool)"/> (U-Net/SegNet decoders).
    /// <c>[N, C, H, W] -> [N, C, H', W']</c> (or <c>[C, H, W]</c>), zeros except each input value at its flat index
    /// <c>h·W' + w</c>; by default H' = (H − 1)·stride − 2·padding + kernel. Where indices repeat the later value wins.
    /// Backward gathers the output gradient at the indices.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, H, W]</c> or <c>[C, H, W]</c> tensor (a pooled output).</param>
    /// <param name="indices">Int32 flat indices within each H' × W' plane, the input's shape (the pooling's indices).</param>
    /// <param name="kernelSize">The pooling's window (height, width).</param>
    /// <param name="stride">The pooling's step; null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">The pooling's padding.</param>
    /// <param name="outputSize">(H', W') or [N, C, H', W'] — e.g. the pooled tensor's shape when ceil mode or an odd size made the default differ; each must lie strictly between default ∓ stride.</param>
    /// <returns>The unpooled tensor (differentiable with respect to <paramref name="input"/>).</returns>
    /// <exception cref="ArgumentException">Bad settings, dtypes, shapes, an index out of range, or an output size out of range.</exception>
    public static Tensor MaxUnpool2D(Tensor input, Tensor indices, Size2D kernelSize, Size2D? stride = null, Size2D padding = default,
        int[]? outputSize = null) =>
        MaxUnpool(UnpoolOptions.Create("MaxUnpool2D", [kernelSize.Height, kernelSize.Width],
            stride is Size2D s ? [s.Height, s.Width] : null, [padding.Height, padding.Width]), input, indices, outputSize);

    /// <summary>
    /// 3-D max unpooling, like <c>F.max_unpool3d</c>: the partial inverse of <see cref="MaxPool3DWithIndices"/>.
    /// <c>[N, C, D, H, W] -> [N, C, D', H', W']</c> (or <c>[C, D, H, W]</c>), zeros except each input value at its flat
    /// index <c>d·H'·W' + h·W' + w</c>; by default D' = (D − 1)·stride − 2·padding + kernel per dimension. Backward
    /// gathers the output gradient at the indices.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, D, H, W]</c> or <c>[C, D, H, W]</c> tensor (a pooled output).</param>
    /// <param name="indices">Int32 flat indices within each D' × H' × W' volume, the input's shape.</param>
    /// <param name="kernelSize">The pooling's window (depth, height, width).</param>
    /// <param name="stride">The pooling's step; null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">The pooling's padding.</param>
    /// <param name="outputSize">(D', H', W') or [N, C, D', H', W']; each must lie strictly between default ∓ stride.</param>
    /// <returns>The unpooled tensor (differentiable with respect to <paramref name="input"/>).</returns>
    /// <exception cref="ArgumentException">Bad settings, dtypes, shapes, an index out of range, or an output size out of range.</exception>
    public static Tensor MaxUnpool3D(Tensor input, Tensor indices, Size3D kernelSize, Size3D? stride = null, Size3D padding = default,
        int[]? outputSize = null) =>
        MaxUnpool(UnpoolOptions.Create("MaxUnpool3D", [kernelSize.Depth, kernelSize.Height, kernelSize.Width],
            stride is Size3D s ? [s.Depth, s.Height, s.Width] : null, [padding.Depth, padding.Height, padding.Width]), input, indices, outputSize);

    /// <summary>Max unpooling (1-D, 2-D or 3-D) with pre-validated options; the input, indices and output size are checked here.</summary>
    internal static Tensor MaxUnpool(UnpoolOptions options, Tensor input, Tensor indices, int[]? outputSize)
    {
        int[] size = options.Resolve(input, indices, outputSize);
        return MaxUnpooling.Forward(options.Name, input, indices, size);
    }
}
