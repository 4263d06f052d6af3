using DeepNotes.Ops.Pooling;

namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// 2-D max pooling, like <c>F.max_pool2d</c>: <c>[N, C, H, W] -> [N, C, H', W']</c> (or unbatched
    /// <c>[C, H, W] -> [C, H', W']</c>) with H' = ⌊(H + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1 (rounded up in
    /// ceil mode, dropping a last window that would start in the right padding). Padding counts as −∞. The gradient goes
    /// to the maximum of each window; a tie goes to the first maximum in row-major order and NaN propagates.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, H, W]</c> or <c>[C, H, W]</c> tensor.</param>
    /// <param name="kernelSize">Window size (square).</param>
    /// <param name="stride">Step between windows; null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit −∞ padding on each side, at most half the kernel.</param>
    /// <param name="dilation">Spacing between window elements.</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <exception cref="ArgumentException">Bad settings, a non-floating-point input, or an input of the wrong rank or too small.</exception>
    public static Tensor MaxPool2D(Tensor input, int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false) =>
        MaxPool2D(input, (kernelSize, kernelSize), stride is int s ? (s, s) : null, (padding, padding), (dilation, dilation), ceilMode);

    /// <summary>2-D max pooling with separate heights and widths, like <c>F.max_pool2d</c> with tuples.</summary>
    /// <param name="input">A floating-point <c>[N, C, H, W]</c> or <c>[C, H, W]</c> tensor.</param>
    /// <param name="kernelSize">Window (height, width).</param>
    /// <param name="stride">Step (height, width); null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit −∞ padding (height, width); default none.</param>
    /// <param name="dilation">Spacing (height, width); default (1, 1).</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <exception cref="ArgumentException">Bad settings, a non-floating-point input, or an input of the wrong rank or too small.</exception>
    public static Tensor MaxPool2D(Tensor input, (int Height, int Width) kernelSize, (int Height, int Width)? stride = null,
        (int Height, int Width) padding = default, (int Height, int Width)? dilation = null, bool ceilMode = false) =>
        Ops.Pooling.MaxPool2D.Forward(input, PoolOptions.Create2D("MaxPool2D", kernelSize, stride, padding, dilation ?? (1, 1), ceilMode));

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
    public static (Tensor Output, Tensor Indices) MaxPool2DWithIndices(Tensor input, (int Height, int Width) kernelSize,
        (int Height, int Width)? stride = null, (int Height, int Width) padding = default, (int Height, int Width)? dilation = null,
        bool ceilMode = false) =>
        Ops.Pooling.MaxPool2D.ForwardWithIndices(input,
            PoolOptions.Create2D("MaxPool2D", kernelSize, stride, padding, dilation ?? (1, 1), ceilMode));

    /// <summary>
    /// 1-D max pooling over the last dimension, like <c>F.max_pool1d</c>: <c>[N, C, L] -> [N, C, L']</c> (or
    /// <c>[C, L] -> [C, L']</c>) with L' from the same formula as <see cref="MaxPool2D(Tensor, int, int?, int, int, bool)"/>.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, L]</c> or <c>[C, L]</c> tensor.</param>
    /// <param name="kernelSize">Window length.</param>
    /// <param name="stride">Step; null (default) means <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit −∞ padding on each side, at most half the kernel.</param>
    /// <param name="dilation">Spacing between window elements.</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <exception cref="ArgumentException">Bad settings, a non-floating-point input, or an input of the wrong rank or too small.</exception>
    public static Tensor MaxPool1D(Tensor input, int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false) =>
        Ops.Pooling.MaxPool2D.Forward(input, PoolOptions.Create1D("MaxPool1D", kernelSize, stride, padding, dilation, ceilMode));
}
