using DeepNotes.Ops.Pooling;

namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// 2-D max pooling, like <c>F.max_pool2d</c>: <c>[N, C, H, W] -> [N, C, H', W']</c> (or unbatched
    /// <c>[C, H, W] -> [C, H', W']</c>) with H' = ⌊(H + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1 (rounded up in
    /// ceil mode, dropping a last window that would start in the right padding). Padding counts as −∞. The gradient goes
    /// to the maximum of each window; a tie goes to the first maximum in row-major order and NaN propagates. Sizes are an
    /// int (both dimensions) or a (height, width) tuple.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, H, W]</c> or <c>[C, H, W]</c> tensor.</param>
    /// <param name="kernelSize">Window (height, width).</param>
    /// <param name="stride">Step (height, width); null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit −∞ padding (height, width); default none.</param>
    /// <param name="dilation">Spacing (height, width); default (1, 1).</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <exception cref="ArgumentException">Bad settings, a non-floating-point input, or an input of the wrong rank or too small.</exception>
    public static Tensor MaxPool2D(Tensor input, Size2D kernelSize, Size2D? stride = null,
        Size2D padding = default, Size2D? dilation = null, bool ceilMode = false) =>
        Ops.Pooling.MaxPool2DOperation.Forward(input, PoolOptions.Create2D("MaxPool2D", kernelSize, stride, padding, dilation ?? 1, ceilMode));

    /// <summary>
    /// 2-D max pooling that also returns where each maximum came from, like <c>F.max_pool2d(..., return_indices=True)</c>:
    /// the indices are Int32, flat within each <c>H × W</c> input plane (<c>h·W + w</c>), shaped like the output.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, H, W]</c> or <c>[C, H, W]</c> tensor.</param>
    /// <param name="kernelSize">Window (height, width).</param>
    /// <param name="stride">Step (height, width); null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit −∞ padding (height, width); default none.</param>
    /// <param name="dilation">Spacing (height, width); default (1, 1).</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <returns>The pooled output (differentiable) and the Int32 argmax indices.</returns>
    /// <exception cref="ArgumentException">Bad settings, a non-floating-point input, or an input of the wrong rank or too small.</exception>
    public static (Tensor Output, Tensor Indices) MaxPool2DWithIndices(Tensor input, Size2D kernelSize,
        Size2D? stride = null, Size2D padding = default, Size2D? dilation = null,
        bool ceilMode = false) =>
        Ops.Pooling.MaxPool2DOperation.ForwardWithIndices(input,
            PoolOptions.Create2D("MaxPool2D", kernelSize, stride, padding, dilation ?? 1, ceilMode));

    /// <summary>
    /// 1-D max pooling over the last dimension, like <c>F.max_pool1d</c>: <c>[N, C, L] -> [N, C, L']</c> (or
    /// <c>[C, L] -> [C, L']</c>) with L' from the same formula as <see cref="MaxPool2D(Tensor, Size2D, Size2D?, Size2D, Size2D?, bool)"/>.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, L]</c> or <c>[C, L]</c> tensor.</param>
    /// <param name="kernelSize">Window length.</param>
    /// <param name="stride">Step; null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit −∞ padding on each side, at most half the kernel.</param>
    /// <param name="dilation">Spacing between window elements.</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <exception cref="ArgumentException">Bad settings, a non-floating-point input, or an input of the wrong rank or too small.</exception>
    public static Tensor MaxPool1D(Tensor input, int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false) =>
        Ops.Pooling.MaxPool2DOperation.Forward(input, PoolOptions.Create1D("MaxPool1D", kernelSize, stride, padding, dilation, ceilMode));
    /// <summary>
    /// 2-D average pooling, like <c>F.avg_pool2d</c>: <c>[N, C, H, W] -> [N, C, H', W']</c> (or <c>[C, H, W]</c>) with
    /// H' = ⌊(H + 2·padding − kernel) / stride⌋ + 1 (rounded up in ceil mode). The divisor is the window size including
    /// zero padding (clipped to the padded input in ceil mode) when <paramref name="countIncludePad"/>, else the number of
    /// real elements; <paramref name="divisorOverride"/> replaces it. Sizes are an int or a (height, width) tuple.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, H, W]</c> or <c>[C, H, W]</c> tensor.</param>
    /// <param name="kernelSize">Window (height, width).</param>
    /// <param name="stride">Step (height, width); null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Zero padding (height, width); default none.</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <param name="countIncludePad">Count the zero padding in the divisor (PyTorch's default, true).</param>
    /// <param name="divisorOverride">If set (non-zero), the divisor of every window.</param>
    /// <exception cref="ArgumentException">Bad settings, a non-floating-point input, or an input of the wrong rank or too small.</exception>
    public static Tensor AvgPool2D(Tensor input, Size2D kernelSize, Size2D? stride = null,
        Size2D padding = default, bool ceilMode = false, bool countIncludePad = true, int? divisorOverride = null) =>
        Ops.Pooling.AvgPool2DOperation.Forward(input, PoolOptions.Create2D("AvgPool2D", kernelSize, stride, padding, 1, ceilMode),
            countIncludePad, divisorOverride);

    /// <summary>
    /// 1-D average pooling over the last dimension, like <c>F.avg_pool1d</c>: <c>[N, C, L] -> [N, C, L']</c> (or
    /// <c>[C, L]</c>), with the divisor rules of <see cref="AvgPool2D(Tensor, Size2D, Size2D?, Size2D, bool, bool, int?)"/>.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, L]</c> or <c>[C, L]</c> tensor.</param>
    /// <param name="kernelSize">Window length.</param>
    /// <param name="stride">Step; null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Zero padding on each side, at most half the kernel.</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <param name="countIncludePad">Count the zero padding in the divisor (default true).</param>
    /// <exception cref="ArgumentException">Bad settings, a non-floating-point input, or an input of the wrong rank or too small.</exception>
    public static Tensor AvgPool1D(Tensor input, int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false,
        bool countIncludePad = true) =>
        Ops.Pooling.AvgPool2DOperation.Forward(input, PoolOptions.Create1D("AvgPool1D", kernelSize, stride, padding, 1, ceilMode),
            countIncludePad, null);

    /// <summary>
    /// Global average pooling: the mean of each channel's plane, <c>[N, C, H, W] -> [N, C, 1, 1]</c> (or
    /// <c>[C, H, W] -> [C, 1, 1]</c>), like <c>F.adaptive_avg_pool2d(x, 1)</c>. Follow with <c>Flatten(1)</c> for
    /// <c>[N, C]</c> features.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, H, W]</c> or <c>[C, H, W]</c> tensor with H, W ≥ 1.</param>
    /// <exception cref="ArgumentException">A non-floating-point input, or an input of the wrong rank or empty planes.</exception>
    public static Tensor GlobalAvgPool2D(Tensor input) => AdaptivePool2D.Average(input, new AdaptiveOptions("GlobalAvgPool2D", 1, 1));

    /// <summary>
    /// Adaptive average pooling to a fixed output size, like <c>F.adaptive_avg_pool2d</c>:
    /// <c>[N, C, H, W] -> [N, C, OH, OW]</c>; output (i, j) averages rows [⌊i·H/OH⌋, ⌈(i+1)·H/OH⌉) and the matching columns.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, H, W]</c> or <c>[C, H, W]</c> tensor with H, W ≥ 1.</param>
    /// <param name="outputSize">Output (height, width), each ≥ 1.</param>
    /// <exception cref="ArgumentException">A bad size, a non-floating-point input, or an input of the wrong rank.</exception>
    public static Tensor AdaptiveAvgPool2D(Tensor input, Size2D outputSize) =>
        AdaptiveAvgPool2D(input, outputSize.Height, outputSize.Width);

    /// <summary>
    /// Adaptive average pooling with a size per dimension, like <c>F.adaptive_avg_pool2d(x, (None, 7))</c>: a null size
    /// keeps the input's size in that dimension.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, H, W]</c> or <c>[C, H, W]</c> tensor with H, W ≥ 1.</param>
    /// <param name="outputHeight">Output height ≥ 1, or null for H.</param>
    /// <param name="outputWidth">Output width ≥ 1, or null for W.</param>
    /// <exception cref="ArgumentException">A bad size, a non-floating-point input, or an input of the wrong rank.</exception>
    public static Tensor AdaptiveAvgPool2D(Tensor input, int? outputHeight, int? outputWidth) =>
        AdaptivePool2D.Average(input, AdaptiveOptions.Create2D("AdaptiveAvgPool2D", outputHeight, outputWidth));

    /// <summary>
    /// Adaptive max pooling to a fixed output size, like <c>F.adaptive_max_pool2d</c>: the windows of
    /// <see cref="AdaptiveAvgPool2D(Tensor, Size2D)"/>, the maximum of each (first in row-major order on a tie).
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, H, W]</c> or <c>[C, H, W]</c> tensor with H, W ≥ 1.</param>
    /// <param name="outputSize">Output (height, width), each ≥ 1.</param>
    /// <exception cref="ArgumentException">A bad size, a non-floating-point input, or an input of the wrong rank.</exception>
    public static Tensor AdaptiveMaxPool2D(Tensor input, Size2D outputSize) =>
        AdaptiveMaxPool2DWithIndices(input, outputSize.Height, outputSize.Width).Output;

    /// <summary>Adaptive max pooling with a size per dimension; a null size keeps the input's size in that dimension.</summary>
    /// <param name="input">A floating-point <c>[N, C, H, W]</c> or <c>[C, H, W]</c> tensor with H, W ≥ 1.</param>
    /// <param name="outputHeight">Output height ≥ 1, or null for H.</param>
    /// <param name="outputWidth">Output width ≥ 1, or null for W.</param>
    /// <exception cref="ArgumentException">A bad size, a non-floating-point input, or an input of the wrong rank.</exception>
    public static Tensor AdaptiveMaxPool2D(Tensor input, int? outputHeight, int? outputWidth) =>
        AdaptiveMaxPool2DWithIndices(input, outputHeight, outputWidth).Output;

    /// <summary>Adaptive max pooling that also returns the Int32 argmax indices (flat within each input plane).</summary>
    /// <param name="input">A floating-point <c>[N, C, H, W]</c> or <c>[C, H, W]</c> tensor with H, W ≥ 1.</param>
    /// <param name="outputSize">Output (height, width), each ≥ 1.</param>
    /// <returns>The pooled output (differentiable) and the indices.</returns>
    /// <exception cref="ArgumentException">A bad size, a non-floating-point input, or an input of the wrong rank.</exception>
    public static (Tensor Output, Tensor Indices) AdaptiveMaxPool2DWithIndices(Tensor input, Size2D outputSize) =>
        AdaptiveMaxPool2DWithIndices(input, outputSize.Height, outputSize.Width);

    /// <summary>
    /// Adaptive max pooling with a size per dimension (null keeps the input's size) that also returns the Int32 argmax
    /// indices (flat within each input plane).
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, H, W]</c> or <c>[C, H, W]</c> tensor with H, W ≥ 1.</param>
    /// <param name="outputHeight">Output height ≥ 1, or null for H.</param>
    /// <param name="outputWidth">Output width ≥ 1, or null for W.</param>
    /// <returns>The pooled output (differentiable) and the indices.</returns>
    /// <exception cref="ArgumentException">A bad size, a non-floating-point input, or an input of the wrong rank.</exception>
    public static (Tensor Output, Tensor Indices) AdaptiveMaxPool2DWithIndices(Tensor input, int? outputHeight, int? outputWidth) =>
        AdaptivePool2D.Max(input, AdaptiveOptions.Create2D("AdaptiveMaxPool2D", outputHeight, outputWidth));

    /// <summary>
    /// Adaptive average pooling over the last dimension, like <c>F.adaptive_avg_pool1d</c>:
    /// <c>[N, C, L] -> [N, C, L']</c> (or <c>[C, L]</c>); output i averages [⌊i·L/L'⌋, ⌈(i+1)·L/L'⌉).
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, L]</c> or <c>[C, L]</c> tensor with L ≥ 1.</param>
    /// <param name="outputSize">Output length L' ≥ 1.</param>
    /// <exception cref="ArgumentException">A bad size, a non-floating-point input, or an input of the wrong rank.</exception>
    public static Tensor AdaptiveAvgPool1D(Tensor input, int outputSize) =>
        AdaptivePool2D.Average(input, AdaptiveOptions.Create1D("AdaptiveAvgPool1D", outputSize));

    /// <summary>
    /// Adaptive max pooling over the last dimension, like <c>F.adaptive_max_pool1d</c>: the windows of
    /// <see cref="AdaptiveAvgPool1D(Tensor, int)"/>, the maximum of each (the first on a tie).
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, L]</c> or <c>[C, L]</c> tensor with L ≥ 1.</param>
    /// <param name="outputSize">Output length L' ≥ 1.</param>
    /// <exception cref="ArgumentException">A bad size, a non-floating-point input, or an input of the wrong rank.</exception>
    public static Tensor AdaptiveMaxPool1D(Tensor input, int outputSize) => AdaptiveMaxPool1DWithIndices(input, outputSize).Output;

    /// <summary>
    /// Adaptive 1-D max pooling that also returns the Int32 argmax indices (positions along L), like
    /// <c>F.adaptive_max_pool1d(..., return_indices=True)</c>.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, L]</c> or <c>[C, L]</c> tensor with L ≥ 1.</param>
    /// <param name="outputSize">Output length L' ≥ 1.</param>
    /// <returns>The pooled output (differentiable) and the indices.</returns>
    /// <exception cref="ArgumentException">A bad size, a non-floating-point input, or an input of the wrong rank.</exception>
    public static (Tensor Output, Tensor Indices) AdaptiveMaxPool1DWithIndices(Tensor input, int outputSize) =>
        AdaptivePool2D.Max(input, AdaptiveOptions.Create1D("AdaptiveMaxPool1D", outputSize));

    /// <summary>
    /// Power-average pooling, like <c>F.lp_pool2d</c>: (Σ over the window of xᵖ)^(1/p) — p = 1 is sum pooling, p = 2 the
    /// Euclidean norm, large p approaches max pooling (of non-negative inputs). Computed as PyTorch does,
    /// (sign(a)·relu(|a|)·kH·kW)^(1/p) with a = avg_pool2d(xᵖ), so values and gradients match it (a ceil-mode window cut
    /// by the edge is scaled by the full kernel size; negative inputs with non-integer p give NaN).
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, H, W]</c> or <c>[C, H, W]</c> tensor.</param>
    /// <param name="normType">The power p &gt; 0.</param>
    /// <param name="kernelSize">Window (height, width).</param>
    /// <param name="stride">Step (height, width); null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <exception cref="ArgumentException">Bad settings, a non-floating-point input, or an input of the wrong rank or too small.</exception>
    public static Tensor LPPool2D(Tensor input, double normType, Size2D kernelSize, Size2D? stride = null,
        bool ceilMode = false) =>
        Ops.Pooling.LPPool2DOperation.Forward(input, normType, PoolOptions.Create2D("LPPool2D", kernelSize, stride, 0, 1, ceilMode));

    /// <summary>
    /// 1-D power-average pooling over the last dimension, like <c>F.lp_pool1d</c>: <c>[N, C, L] -> [N, C, L']</c> (or
    /// <c>[C, L]</c>), (Σ over the window of xᵖ)^(1/p), computed as PyTorch does,
    /// (sign(a)·relu(|a|)·kernel)^(1/p) with a = avg_pool1d(xᵖ) (see
    /// <see cref="LPPool2D(Tensor, double, Size2D, Size2D?, bool)"/> for the edge cases).
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, L]</c> or <c>[C, L]</c> tensor.</param>
    /// <param name="normType">The power p &gt; 0.</param>
    /// <param name="kernelSize">Window length.</param>
    /// <param name="stride">Step; null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <exception cref="ArgumentException">Bad settings, a non-floating-point input, or an input of the wrong rank or too small.</exception>
    public static Tensor LPPool1D(Tensor input, double normType, int kernelSize, int? stride = null, bool ceilMode = false) =>
        Ops.Pooling.LPPool2DOperation.Forward(input, normType, PoolOptions.Create1D("LPPool1D", kernelSize, stride, 0, 1, ceilMode));
}
