using DeepNotes.Kernels;

namespace DeepNotes.Ops.Activations;

/// <summary>
/// Leaky ReLU: x where x &gt; 0, negativeSlope·x elsewhere. Backward from the saved input: g where x &gt; 0, else
/// negativeSlope·g — at 0 the gradient is the slope, as PyTorch's leaky_relu_backward.
/// </summary>
internal static class LeakyReluOperation
{
    public static Tensor Forward(Tensor x, double negativeSlope)
    {
        x.CheckFloatingPoint("LeakyRelu");
        if (!double.IsFinite(negativeSlope))
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, "LeakyRelu: negativeSlope must be finite.");
        Tensor src = x.ContiguousRaw();
        var y = ElementwiseActivation.Map("LeakyRelu", src, new LeakyReluOp<float>((float)negativeSlope), new LeakyReluOp<double>(negativeSlope));
        return Tensor.RecordDifferentiable(y, "LeakyReluBackward", [x], g =>
        [
            Autograd.IsCreatingGraph // createGraph: the same rule as a differentiable Where (the mask is piecewise constant in x)
                ? Where.Forward(Comparison.Greater(src, Tensor.Zeros(Shape.Scalar, src.DType)), g, Multiply.Forward(g, Tensor.Scalar(negativeSlope, g.DType)))
                : ElementwiseActivation.Map2(g, src, new LeakyReluBackwardOp<float>((float)negativeSlope), new LeakyReluBackwardOp<double>(negativeSlope)),
        ], src);
    }
}
