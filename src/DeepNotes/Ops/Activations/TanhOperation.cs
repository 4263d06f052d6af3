using DeepNotes.Kernels;

namespace DeepNotes.Ops.Activations;

/// <summary>Hyperbolic tangent, exactly ±1 far out and precise near 0. Backward from the saved output: g·(1 − y²).</summary>
internal static class TanhOperation
{
    public static Tensor Forward(Tensor x)
    {
        var y = ElementwiseActivation.MapSmooth("Tanh", x, new TanhOp());
        if (!Tensor.NeedsGrad(x)) return y;
        var output = y.Detach();
        return Tensor.RecordDifferentiable(y, "TanhBackward", [x], g => Autograd.IsCreatingGraph
            ? [Multiply.Forward(g, Subtract.Forward(Tensor.Scalar(1, y.DType), Multiply.Forward(y, y)))] // g·(1 − y²) through y's graph
            : [ElementwiseActivation.Map2(g, output, new TanhBackwardOp<float>(), new TanhBackwardOp<double>())], output);
    }
}
