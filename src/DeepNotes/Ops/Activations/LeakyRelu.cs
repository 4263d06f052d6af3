using DeepNotes.Kernels;

namespace DeepNotes.Ops.Activations;

/// <summary>
/// Leaky ReLU: x where x &gt; 0, negativeSlope·x elsewhere. Backward from the saved input: g where x &gt; 0, else
/// negativeSlope·g — at 0 the gradient is the slope, as PyTorch's leaky_relu_backward.
/// </summary>
internal static class LeakyRelu
{
    public static Tensor Forward(Tensor x, double negativeSlope)
    {
        x.CheckFloatingPoint("LeakyRelu");
        if (!double.IsFinite(negativeSlope))
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, "LeakyRelu: negativeSlope must be finite.");
        Tensor src = x.ContiguousRaw();
        var y = ElementwiseActivation.Map("LeakyRelu", src, new LeakyReluOp<float>((float)negativeSlope), new LeakyReluOp<double>(negativeSlope));
        return Tensor.Record(y, "LeakyReluBackward", [x], g =>
        [
            ElementwiseActivation.Map2(g, src, new LeakyReluBackwardOp<float>((float)negativeSlope), new LeakyReluBackwardOp<double>(negativeSlope)),
        ], src);
    }
}
