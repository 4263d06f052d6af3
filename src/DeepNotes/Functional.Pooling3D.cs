using DeepNotes.Ops.Pooling;

namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// 3-D max pooling, like <c>F.max_pool3d</c>: <c>[N, C, D, H, W] -> [N, C, D', H', W']</c> (or unbatched
    /// <c>[C, D, H, W]</c>) with D' = ⌊(D + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1 per dimension (rounded up
    /// in ceil mode, dropping a last window that would start in the right padding). Padding counts as −∞. The gradient
    /// goes to the maximum of each window; a tie goes to the first maximum in (depth, row, column) order and NaN
    /// propagates. Sizes are an int (all dimensions) or a (depth, height, width) tuple.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, D, H, W]</c> or <c>[C, D, H, W]</c> tensor.</param>
    /// <param name="kernelSize">Window (depth, height, width).</param>
    /// <param name="stride">Step; null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit −∞ padding per side, at most half the kernel; default none.</param>
    /// <param name="dilation">Spacing between window elements; default 1.</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <exception cref="ArgumentException">Bad settings, a non-floating-point input, or an input of the wrong rank or too small.</exception>
    public static Tensor MaxPool3D(Tensor input, Size3D kernelSize, Size3D? stride = null, Size3D padding = default,
        Size3D? dilation = null, bool ceilMode = false) =>
        MaxPool3DWithIndices(input, kernelSize, stride, padding, dilation, ceilMode).Output;

    /// <summary>
    /// 3-D max pooling that also returns where each maximum came from, like <c>F.max_pool3d(..., return_indices=True)</c>:
    /// Int32 indices flat within each <c>D × H × W</c> input volume (<c>d·H·W + h·W + w</c>), shaped like the output —
    /// what <see cref="MaxUnpool3D"/> takes.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, D, H, W]</c> or <c>[C, D, H, W]</c> tensor.</param>
    /// <param name="kernelSize">Window (depth, height, width).</param>
    /// <param name="stride">Step; null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit −∞ padding per side, at most half the kernel; default none.</param>
    /// <param name="dilation">Spacing between window elements; default 1.</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <returns>The pooled output (differentiable) and the Int32 argmax indices.</returns>
    /// <exception cref="ArgumentException">Bad settings, a non-floating-point input, or an input of the wrong rank or too small.</exception>
    public static (Tensor Output, Tensor Indices) MaxPool3DWithIndices(Tensor input, Size3D kernelSize, Size3D? stride = null,
        Size3D padding = default, Size3D? dilation = null, bool ceilMode = false) =>
        MaxPooling3D.Forward(input, Pool3DOptions.Create("MaxPool3D", kernelSize, stride, padding, dilation ?? 1, ceilMode));

    /// <summary>
    /// 1-D max pooling that also returns where each maximum came from, like <c>F.max_pool1d(..., return_indices=True)</c>:
    /// Int32 positions along L, shaped like the output — what <see cref="MaxUnpool1D"/> takes.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, L]</c> or <c>[C, L]</c> tensor.</param>
    /// <param name="kernelSize">Window length.</param>
    /// <param name="stride">Step; null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit −∞ padding on each side, at most half the kernel.</param>
    /// <param name="dilation">Spacing between window elements.</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <returns>The pooled output (differentiable) and the Int32 argmax indices.</returns>
    /// <exception cref="ArgumentException">Bad settings, a non-floating-point input, or an input of the wrong rank or too small.</exception>
    public static (Tensor Output, Tensor Indices) MaxPool1DWithIndices(Tensor input, int kernelSize, int? stride = null, int padding = 0,
        int dilation = 1, bool ceilMode = false) =>
        Ops.Pooling.MaxPool2DOperation.ForwardWithIndices(input, PoolOptions.Create1D("MaxPool1D", kernelSize, stride, padding, dilation, ceilMode));

    /// <summary>
    /// 3-D average pooling, like <c>F.avg_pool3d</c>: <c>[N, C, D, H, W] -> [N, C, D', H', W']</c> (or
    /// <c>[C, D, H, W]</c>) with D' = ⌊(D + 2·padding − kernel) / stride⌋ + 1 per dimension (rounded up in ceil mode). The
    /// divisor is the window size including zero padding (clipped to the padded input in ceil mode) when
    /// <paramref name="countIncludePad"/>, else the number of real elements; <paramref name="divisorOverride"/> replaces it.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, D, H, W]</c> or <c>[C, D, H, W]</c> tensor.</param>
    /// <param name="kernelSize">Window (depth, height, width).</param>
    /// <param name="stride">Step; null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Zero padding per side, at most half the kernel; default none.</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <param name="countIncludePad">Count the zero padding in the divisor (PyTorch's default, true).</param>
    /// <param name="divisorOverride">If set (non-zero), the divisor of every window.</param>
    /// <exception cref="ArgumentException">Bad settings, a zero divisor, a non-floating-point input, or an input of the wrong rank or too small.</exception>
    public static Tensor AvgPool3D(Tensor input, Size3D kernelSize, Size3D? stride = null, Size3D padding = default,
        bool ceilMode = false, bool countIncludePad = true, int? divisorOverride = null)
    {
        if (divisorOverride == 0) throw new ArgumentException("AvgPool3D: divisor override must not be zero.", nameof(divisorOverride));
        return AvgPooling3D.Forward(input, Pool3DOptions.Create("AvgPool3D", kernelSize, stride, padding, 1, ceilMode),
            countIncludePad, divisorOverride);
    }

    /// <summary>
    /// Adaptive 3-D average pooling to a fixed output size, like <c>F.adaptive_avg_pool3d</c>:
    /// <c>[N, C, D, H, W] -> [N, C, OD, OH, OW]</c>; output (i, j, k) averages depths [⌊i·D/OD⌋, ⌈(i+1)·D/OD⌉) and the
    /// matching rows and columns.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, D, H, W]</c> or <c>[C, D, H, W]</c> tensor with D, H, W ≥ 1.</param>
    /// <param name="outputSize">Output (depth, height, width), each ≥ 1.</param>
    /// <exception cref="ArgumentException">A bad size, a non-floating-point input, or an input of the wrong rank.</exception>
    public static Tensor AdaptiveAvgPool3D(Tensor input, Size3D outputSize) =>
        AdaptiveAvgPool3D(input, outputSize.Depth, outputSize.Height, outputSize.Width);

    /// <summary>
    /// Adaptive 3-D average pooling with a size per dimension, like <c>F.adaptive_avg_pool3d(x, (None, 7, 7))</c>: a null
    /// size keeps the input's size in that dimension.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, D, H, W]</c> or <c>[C, D, H, W]</c> tensor with D, H, W ≥ 1.</param>
    /// <param name="outputDepth">Output depth ≥ 1, or null for D.</param>
    /// <param name="outputHeight">Output height ≥ 1, or null for H.</param>
    /// <param name="outputWidth">Output width ≥ 1, or null for W.</param>
    /// <exception cref="ArgumentException">A bad size, a non-floating-point input, or an input of the wrong rank.</exception>
    public static Tensor AdaptiveAvgPool3D(Tensor input, int? outputDepth, int? outputHeight, int? outputWidth) =>
        AdaptivePooling3D.Average(input, Adaptive3DOptions.Create("AdaptiveAvgPool3D", outputDepth, outputHeight, outputWidth));

    /// <summary>
    /// Adaptive 3-D max pooling to a fixed output size, like <c>F.adaptive_max_pool3d</c>: the windows of
    /// <see cref="AdaptiveAvgPool3D(Tensor, Size3D)"/>, the maximum of each (first in scan order on a tie).
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, D, H, W]</c> or <c>[C, D, H, W]</c> tensor with D, H, W ≥ 1.</param>
    /// <param name="outputSize">Output (depth, height, width), each ≥ 1.</param>
    /// <exception cref="ArgumentException">A bad size, a non-floating-point input, or an input of the wrong rank.</exception>
    public static Tensor AdaptiveMaxPool3D(Tensor input, Size3D outputSize) =>
        AdaptiveMaxPool3DWithIndices(input, outputSize.Depth, outputSize.Height, outputSize.Width).Output;

    /// <summary>Adaptive 3-D max pooling with a size per dimension; a null size keeps the input's size in that dimension.</summary>
    /// <param name="input">A floating-point <c>[N, C, D, H, W]</c> or <c>[C, D, H, W]</c> tensor with D, H, W ≥ 1.</param>
    /// <param name="outputDepth">Output depth ≥ 1, or null for D.</param>
    /// <param name="outputHeight">Output height ≥ 1, or null for H.</param>
    /// <param name="outputWidth">Output width ≥ 1, or null for W.</param>
    /// <exception cref="ArgumentException">A bad size, a non-floating-point input, or an input of the wrong rank.</exception>
    public static Tensor AdaptiveMaxPool3D(Tensor input, int? outputDepth, int? outputHeight, int? outputWidth) =>
        AdaptiveMaxPool3DWithIndices(input, outputDepth, outputHeight, outputWidth).Output;

    /// <summary>
    /// Adaptive 3-D max pooling that also returns the Int32 argmax indices (flat within each input volume), like
    /// <c>F.adaptive_max_pool3d(..., return_indices=True)</c>.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, D, H, W]</c> or <c>[C, D, H, W]</c> tensor with D, H, W ≥ 1.</param>
    /// <param name="outputSize">Output (depth, height, width), each ≥ 1.</param>
    /// <returns>The pooled output (differentiable) and the indices.</returns>
    /// <exception cref="ArgumentException">A bad size, a non-floating-point input, or an input of the wrong rank.</exception>
    public static (Tensor Output, Tensor Indices) AdaptiveMaxPool3DWithIndices(Tensor input, Size3D outputSize) =>
        AdaptiveMaxPool3DWithIndices(input, outputSize.Depth, outputSize.Height, outputSize.Width);

    /// <summary>
    /// Adaptive 3-D max pooling with a size per dimension (null keeps the input's size) that also returns the Int32
    /// argmax indices (flat within each input volume).
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, D, H, W]</c> or <c>[C, D, H, W]</c> tensor with D, H, W ≥ 1.</param>
    /// <param name="outputDepth">Output depth ≥ 1, or null for D.</param>
    /// <param name="outputHeight">Output height ≥ 1, or null for H.</param>
    /// <param name="outputWidth">Output width ≥ 1, or null for W.</param>
    /// <returns>The pooled output (differentiable) and the indices.</returns>
    /// <exception cref="ArgumentException">A bad size, a non-floating-point input, or an input of the wrong rank.</exception>
    public static (Tensor Output, Tensor Indices) AdaptiveMaxPool3DWithIndices(Tensor input, int? outputDepth, int? outputHeight, int? outputWidth) =>
        AdaptivePooling3D.Max(input, Adaptive3DOptions.Create("AdaptiveMaxPool3D", outputDepth, outputHeight, outputWidth));
}
