using DeepNotes.Kernels;

namespace DeepNotes.Ops.Activations;

/// <summary>
/// ReLU6, min(max(x, 0), 6) — PyTorch's hardtanh(x, 0, 6), whose backward this follows: g only where 0 &lt; x &lt; 6,
/// so the gradient is 0 at both kinks.
/// </summary>
internal static class Relu6Operation
{
    public static Tensor Forward(Tensor x)
    {
        x.CheckFloatingPoint("Relu6");
        Tensor src = x.ContiguousRaw();
        var y = ElementwiseActivation.Map("Relu6", src, new Relu6Op<float>(), new Relu6Op<double>());
        return Tensor.RecordDifferentiable(y, "HardtanhBackward", [x], g =>
        [
            Autograd.IsCreatingGraph // createGraph: g inside (0, 6), 0 outside, as a differentiable Where with a constant mask
                ? Where.Forward(LogicalOps.And(Comparison.Greater(src, Tensor.Scalar(0, src.DType)), Comparison.Less(src, Tensor.Scalar(6, src.DType))),
                    g, Tensor.Zeros(Shape.Scalar, g.DType))
                : ElementwiseActivation.Map2(g, src, new Relu6BackwardOp<float>(), new Relu6BackwardOp<double>()),
        ], src);
    }
}
