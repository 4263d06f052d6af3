using DeepNotes.Kernels;

namespace DeepNotes.Ops.Activations;

/// <summary>
/// Sign: −1, 0 or 1 (0 for ±0 and NaN, as PyTorch 1.13). Its gradient is zero everywhere; the output still joins
/// the graph, as in PyTorch, so that a loss built on it can be backpropagated.
/// </summary>
internal static class SignOperation
{
    public static Tensor Forward(Tensor x)
    {
        var y = ElementwiseActivation.Map("Sign", x, new SignOp<float>(), new SignOp<double>());
        return Tensor.RecordDifferentiable(y, "SignBackward", [x], g => [Tensor.ZeroGradient(x.Shape, x.DType)]);
    }
}
