using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Convolution;

/// <summary>
/// Transposed 2-D convolution (and 1-D through it with H = 1, 3-D with a rank-5 input), PyTorch's <c>F.conv_transpose2d</c>: <c>[N, Cin, H, W]</c> with weight
/// <c>[Cin, Cout/G, kH, kW]</c> (+ bias [Cout]) <c>-> [N, Cout, OH, OW]</c>, OH = (H − 1)·S − 2P + D·(K − 1) +
/// output padding + 1. It is the adjoint (input gradient) of the convolution <c>[N, Cout, OH, OW] -> [N, Cin, H, W]</c>
/// with the same weight, so forward runs <see cref="Conv.BackwardData{T}"/>; its input gradient is that
/// convolution's forward and its weight gradient the same convolution's weight gradient with the roles of input and
/// output gradient swapped. The geometry passed around is always the geometry of the convolution being transposed.
/// A <c>createGraph</c> pass records its gradients as a convolution, a <see cref="ConvolutionWeightGradient"/> and a
/// sum, so that they can be differentiated again.
/// </summary>
internal static class ConvolutionTransposed
{
    public static Tensor Forward(Tensor x, Tensor weight, Tensor? bias, in ConvGeometry g)
    {
        Tensor xc = x.ContiguousRaw(), wc = weight.ContiguousRaw();
        Tensor? bc = bias?.ContiguousRaw();
        Shape shape = x.Rank == 5 ? new Shape([g.Batch, g.InChannels, g.InDepth, g.InHeight, g.InWidth])
            : new Shape([g.Batch, g.InChannels, g.InHeight, g.InWidth]);
        var y = Convolution.NewOutput(shape, x.DType,
            overwritten: g.OutChannels > 0 && g.ColRows > 0);
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
            Tensor? gx = needX ? Convolution.NewOutput(x.Shape, x.DType, overwritten: geometry.ColRows > 0) : null;
            Tensor? gw = needW ? Convolution.NewOutput(weight.Shape, weight.DType, overwritten: true) : null;
            Tensor? gb = needB ? new Tensor(bias!.Shape, bias.DType) : null;
            if (x.DType == DType.Float32) Backward<float>(gc, xc, wc, gx, gw, gb, geometry);
            else Backward<double>(gc, xc, wc, gx, gw, gb, geometry);
            return bias is null ? [gx, gw] : [gx, gw, gb];
        }, x, weight);
    }

    /// <summary>
    /// The gradients in a <c>createGraph</c> pass, as recorded ops: dL/dx is the convolution of <paramref name="grad"/>
    /// with the weight, dL/dW the <see cref="ConvolutionWeightGradient"/> of the transposed convolution's output gradient
    /// (the convolution's input) and its input (the convolution's output gradient), dL/db the sum of
    /// <paramref name="grad"/> over the batch and the positions.
    /// </summary>
    private static Tensor?[] DifferentiableBackward(Tensor grad, Tensor x, Tensor weight, Tensor? bias, bool needX, bool needW,
        bool needB, in ConvGeometry g)
    {
        Tensor? gx = needX ? Convolution.Forward(grad, weight, null, g) : null;
        Tensor? gw = needW ? ConvolutionWeightGradient.Forward(grad, x, g) : null;
        if (bias is null) return [gx, gw];
        return [gx, gw, needB ? grad.Sum(Convolution.BiasAxes(grad.Rank)) : null];
    }

    private static void Forward<T>(Tensor x, Tensor w, Tensor? b, Tensor y, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (y.ElementCount == 0) return;
        if (g.OutChannels > 0 && g.ColRows > 0) Conv.BackwardData<T>(x.Span<T>(), w.Span<T>(), y.Span<T>(), g);
        if (b is not null) Conv.AddBias<T>(y.Span<T>(), b.Span<T>(), g.Batch, g.InChannels, g.InPlane);
    }

    private static void Backward<T>(Tensor grad, Tensor x, Tensor w, Tensor? gx, Tensor? gw, Tensor? gb, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> gs = grad.Span<T>();
        if (gx is not null && gx.ElementCount > 0 && g.ColRows > 0) Conv.Forward<T>(gs, w.Span<T>(), ReadOnlySpan<T>.Empty, gx.Span<T>(), g);
        if (gw is not null && gw.ElementCount > 0) Conv.BackwardWeight<T>(x.Span<T>(), gs, gw.Span<T>(), g);
        if (gb is not null) Conv.BiasGradient<T>(gs, gb.Span<T>(), g.Batch, g.InChannels, g.InPlane);
    }
}
