using DeepNotes.Kernels;

namespace DeepNotes.Ops.Activations;

/// <summary>
/// Sigmoid 1/(1 + e⁻ˣ), exactly 0 or 1 far out (no overflow, no NaN at ±1e4). Backward from the saved output:
/// g·y·(1 − y).
/// </summary>
internal static class SigmoidOperation
{
    public static Tensor Forward(Tensor x)
    {
        var y = ElementwiseActivation.MapSmooth("Sigmoid", x, new SigmoidOp());
        if (!Tensor.NeedsGrad(x)) return y;
        var output = y.Detach();
        return Tensor.RecordDifferentiable(y, "SigmoidBackward", [x], g => Autograd.IsCreatingGraph
            ? [Multiply.Forward(g, Multiply.Forward(y, Subtract.Forward(Tensor.Scalar(1, y.DType), y)))] // g·y·(1 − y) through y's graph
            : [ElementwiseActivation.Map2(g, output, new SigmoidBackwardOp<float>(), new SigmoidBackwardOp<double>())], output);
    }
}
