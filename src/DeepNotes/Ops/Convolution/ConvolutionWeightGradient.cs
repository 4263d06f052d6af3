using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Convolution;

/// <summary>
/// The weight gradient of a convolution as an op of its own, so that it can be differentiated (PyTorch's
/// <c>convolution_backward</c> for the weight): for the convolution of geometry <c>g</c>,
/// <c>input [N, C, (D,) H, W]</c> and <c>gradOutput [N, K, (OD,) OH, OW] -> [K, C/G, (kD,) kH, kW]</c>, the correlation
/// of the output gradient with the input, run by <see cref="Conv.BackwardWeight{T}"/>. It is bilinear, and its backward
/// for a weight-shaped <c>gg</c> is written with the two convolution ops: dL/d(input) = the transposed convolution of
/// gradOutput with <c>gg</c>, dL/d(gradOutput) = the convolution of the input with <c>gg</c>. Convolution, transposed
/// convolution and this op are thus closed under differentiation, so derivatives of any order exist.
/// </summary>
internal static class ConvolutionWeightGradient
{
    /// <summary>
    /// dL/dW of the convolution of geometry <paramref name="g"/> for <paramref name="input"/> (the convolution's input)
    /// and <paramref name="gradOutput"/> (dL/d(its output)); both rank 4, or rank 5 for a 3-D convolution.
    /// Recorded (differentiably) when either requires grad.
    /// </summary>
    public static Tensor Forward(Tensor input, Tensor gradOutput, in ConvGeometry g)
    {
        Tensor xc = input.ContiguousRaw(), gc = gradOutput.ContiguousRaw();
        Shape shape = input.Rank == 5 ? new Shape([g.OutChannels, g.InGroup, g.KernelDepth, g.KernelHeight, g.KernelWidth])
            : new Shape([g.OutChannels, g.InGroup, g.KernelHeight, g.KernelWidth]);
        var gw = Convolution.NewOutput(shape, input.DType, overwritten: true);
        if (gw.ElementCount > 0)
        {
            if (input.DType == DType.Float32) Compute<float>(gc, xc, gw, g);
            else Compute<double>(gc, xc, gw, g);
        }

        ConvGeometry geometry = g;
        return Tensor.RecordDifferentiable(gw, "ConvolutionBackwardWeightBackward", [input, gradOutput], gg =>
        [
            input.RequiresGrad ? ConvolutionTransposed.Forward(gradOutput, gg, null, geometry) : null,
            gradOutput.RequiresGrad ? Convolution.Forward(input, gg, null, geometry) : null,
        ], input, gradOutput);
    }

    private static void Compute<T>(Tensor gradOutput, Tensor input, Tensor gw, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Conv.BackwardWeight<T>(gradOutput.Span<T>(), input.Span<T>(), gw.Span<T>(), g);
}
