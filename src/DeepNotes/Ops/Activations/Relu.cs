using DeepNotes.Kernels;

namespace DeepNotes.Ops.Activations;

/// <summary>
/// ReLU, max(x, 0). Backward from the saved output in one pass: g where y &gt; 0, 0 elsewhere — so the gradient at 0
/// is 0, as in PyTorch. No mask tensor is made: this is on every MLP's hot path.
/// </summary>
internal static class Relu
{
    public static Tensor Forward(Tensor x)
    {
        var y = ElementwiseActivation.Map("Relu", x, new ReluOp<float>(), new ReluOp<double>());
        if (!Tensor.NeedsGrad(x)) return y;
        var output = y.Detach();
        return Tensor.Record(y, "ReluBackward", [x],
            g => [ElementwiseActivation.Map2(g, output, new ReluBackwardOp<float>(), new ReluBackwardOp<double>())], output);
    }
}
