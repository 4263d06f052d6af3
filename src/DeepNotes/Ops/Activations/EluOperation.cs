using DeepNotes.Kernels;

namespace DeepNotes.Ops.Activations;

/// <summary>
/// ELU: x where x &gt; 0, α·(eˣ − 1) elsewhere (expm1). Backward from the saved input: g where x &gt; 0, g·α·eˣ
/// elsewhere — α at 0, as PyTorch's elu_backward.
/// </summary>
internal static class EluOperation
{
    public static Tensor Forward(Tensor x, double alpha)
    {
        x.CheckFloatingPoint("Elu");
        if (!double.IsFinite(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Elu: alpha must be finite.");
        Tensor src = x.ContiguousRaw();
        var y = ElementwiseActivation.MapSmooth("Elu", src, new EluOp(alpha));
        return Tensor.RecordDifferentiable(y, "EluBackward", [x], g =>
        [
            Autograd.IsCreatingGraph // createGraph: g for x > 0, g·α·eˣ otherwise, as differentiable ops of x
                ? Where.Forward(Comparison.Greater(src, Tensor.Scalar(0, src.DType)), g, Multiply.Forward(g, Multiply.Forward(UnaryMath.Exp(x), Tensor.Scalar(alpha, x.DType))))
                : ElementwiseActivation.Map2Smooth(g, src, new EluBackwardOp(alpha)),
        ], src);
    }
}
