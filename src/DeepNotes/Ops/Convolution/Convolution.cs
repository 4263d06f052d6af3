using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Convolution;

/// <summary>
/// 2-D convolution of NCHW tensors (1-D convolution runs through it with H = 1), PyTorch's <c>F.conv2d</c>:
/// <c>[N, C, H, W] ⋆ [K, C/G, kH, kW] (+ bias [K]) -> [N, K, OH, OW]</c>, and 3-D convolution of NCDHW tensors
/// (<c>F.conv3d</c>, a rank-5 input with the depth members of the geometry set). Forward, input gradient and weight gradient
/// run on <see cref="Conv"/>, which picks im2col+GEMM, direct or Winograd per geometry; the bias gradient is the sum of
/// the output gradient over batch and positions. A <c>createGraph</c> pass records its gradients instead as a transposed
/// convolution, a <see cref="ConvolutionWeightGradient"/> and a sum, so that they can be differentiated again.
/// </summary>
internal static class Convolution
{
    public static Tensor Forward(Tensor x, Tensor weight, Tensor? bias, in ConvGeometry g)
    {
        Tensor xc = x.ContiguousRaw(), wc = weight.ContiguousRaw();
        Tensor? bc = bias?.ContiguousRaw();
        // Every kernel path overwrites the whole output; only the no-input-channel case adds the bias onto zeros.
        Shape shape = x.Rank == 5 ? new Shape([g.Batch, g.OutChannels, g.OutDepth, g.OutHeight, g.OutWidth])
            : new Shape([g.Batch, g.OutChannels, g.OutHeight, g.OutWidth]);
        var y = NewOutput(shape, x.DType, overwritten: g.ColRows > 0);
        if (x.DType == DType.Float32) Forward<float>(xc, wc, bc, y, g);
        else Forward<double>(xc, wc, bc, y, g);

        Tensor[] inputs = bias is null ? [x, weight] : [x, weight, bias];
        if (!Tensor.NeedsGrad(inputs)) return y;
        bool needX = x.RequiresGrad, needW = weight.RequiresGrad, needB = bias?.RequiresGrad == true;
        ConvGeometry geometry = g;
        return Tensor.RecordDifferentiable(y, "ConvolutionBackward", inputs, grad =>
        {
            if (Autograd.IsCreatingGraph) return DifferentiableBackward(grad, x, weight, bias, needX, needW, needB, geometry);
            Tensor gc = grad.ContiguousRaw();
            // The input and weight gradient kernels overwrite their outputs (the input gradient only when there are outputs).
            Tensor? gx = needX ? NewOutput(x.Shape, x.DType, overwritten: geometry.OutChannels > 0) : null;
            Tensor? gw = needW ? NewOutput(weight.Shape, weight.DType, overwritten: true) : null;
            Tensor? gb = needB ? new Tensor(bias!.Shape, bias.DType) : null;
            if (x.DType == DType.Float32) Backward<float>(gc, xc, wc, gx, gw, gb, geometry);
            else Backward<double>(gc, xc, wc, gx, gw, gb, geometry);
            return bias is null ? [gx, gw] : [gx, gw, gb];
        }, x, weight);
    }

    /// <summary>
    /// The gradients in a <c>createGraph</c> pass, as recorded ops (PyTorch's <c>convolution_backward</c>): dL/dx is the
    /// transposed convolution of <paramref name="grad"/> with the weight, dL/dW the
    /// <see cref="ConvolutionWeightGradient"/> of x and <paramref name="grad"/>, dL/db the sum of <paramref name="grad"/>
    /// over the batch and the positions.
    /// </summary>
    private static Tensor?[] DifferentiableBackward(Tensor grad, Tensor x, Tensor weight, Tensor? bias, bool needX, bool needW,
        bool needB, in ConvGeometry g)
    {
        Tensor? gx = needX ? ConvolutionTransposed.Forward(grad, weight, null, g) : null;
        Tensor? gw = needW ? ConvolutionWeightGradient.Forward(x, grad, g) : null;
        if (bias is null) return [gx, gw];
        return [gx, gw, needB ? grad.Sum(BiasAxes(grad.Rank)) : null];
    }

    /// <summary>The axes a bias gradient sums over: the batch and every spatial axis (all but the channels).</summary>
    internal static int[] BiasAxes(int rank) => rank == 5 ? [0, 2, 3, 4] : [0, 2, 3];

    /// <summary>
    /// A contiguous tensor for a kernel's result: not zeroed when the kernel writes every element
    /// (<paramref name="overwritten"/>), which saves clearing megabytes of activations and gradients per step.
    /// </summary>
    internal static Tensor NewOutput(Shape shape, DType dtype, bool overwritten) =>
        overwritten ? ShapeMoves.Empty(shape, dtype) : new Tensor(shape, dtype);

    private static void Forward<T>(Tensor x, Tensor w, Tensor? b, Tensor y, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (y.ElementCount == 0) return;
        if (g.ColRows == 0)
        {
            // No input channels: the output is the bias alone.
            if (b is not null) Conv.AddBias<T>(y.Span<T>(), b.Span<T>(), g.Batch, g.OutChannels, g.OutPlane);
            return;
        }
        Conv.Forward<T>(x.Span<T>(), w.Span<T>(), b is null ? ReadOnlySpan<T>.Empty : b.Span<T>(), y.Span<T>(), g);
    }

    private static void Backward<T>(Tensor grad, Tensor x, Tensor w, Tensor? gx, Tensor? gw, Tensor? gb, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> gs = grad.Span<T>();
        if (gx is not null && gx.ElementCount > 0 && g.OutChannels > 0) Conv.BackwardData<T>(gs, w.Span<T>(), gx.Span<T>(), g);
        if (gw is not null && gw.ElementCount > 0) Conv.BackwardWeight<T>(gs, x.Span<T>(), gw.Span<T>(), g);
        if (gb is not null) Conv.BiasGradient<T>(gs, gb.Span<T>(), g.Batch, g.OutChannels, g.OutPlane);
    }
}
