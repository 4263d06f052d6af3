using DeepNotes.Kernels;

namespace DeepNotes.Ops.Activations;

/// <summary>
/// GELU: exact x·Φ(x) (Φ the standard normal CDF, through our own erfc) or PyTorch's tanh approximation
/// ½x·(1 + tanh(√(2/π)(x + 0.044715x³))). Backward from the saved input: g·(Φ(x) + x·φ(x)), or the derivative of
/// the approximation.
/// </summary>
internal static class Gelu
{
    public static Tensor Forward(Tensor x, GeluApproximation approximate)
    {
        x.CheckFloatingPoint("Gelu");
        Tensor src = x.ContiguousRaw();
        Tensor y = approximate switch
        {
            GeluApproximation.None => ElementwiseActivation.MapSmooth("Gelu", src, new GeluOp()),
            GeluApproximation.Tanh => ElementwiseActivation.MapSmooth("Gelu", src, new GeluTanhOp()),
            _ => throw new ArgumentOutOfRangeException(nameof(approximate), approximate, "Gelu: approximate must be None or Tanh."),
        };
        return Tensor.Record(y, "GeluBackward", [x], g =>
        [
            approximate == GeluApproximation.None
                ? ElementwiseActivation.Map2Smooth(g, src, new GeluBackwardOp())
                : ElementwiseActivation.Map2Smooth(g, src, new GeluTanhBackwardOp()),
        ], src);
    }
}
