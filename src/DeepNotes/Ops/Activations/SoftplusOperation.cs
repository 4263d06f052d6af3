using DeepNotes.Kernels;

namespace DeepNotes.Ops.Activations;

/// <summary>
/// Softplus (1/β)·log(1 + e^(βx)), and x itself where βx &gt; threshold (PyTorch's rule). Computed as
/// (max(z, 0) + log1p(e^(−|z|)))/β, z = βx, so it is finite and precise for any x. Backward from the saved input:
/// g·sigmoid(βx), or g past the threshold.
/// </summary>
internal static class SoftplusOperation
{
    public static Tensor Forward(Tensor x, double beta, double threshold)
    {
        x.CheckFloatingPoint("Softplus");
        if (beta == 0 || !double.IsFinite(beta))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "Softplus: beta must be finite and non-zero.");
        if (double.IsNaN(threshold))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "Softplus: threshold must not be NaN.");
        Tensor src = x.ContiguousRaw();
        var y = ElementwiseActivation.MapSmooth("Softplus", src, new SoftplusOp(beta, threshold));
        return Tensor.RecordDifferentiable(y, "SoftplusBackward", [x], g =>
        {
            if (!Autograd.IsCreatingGraph) return [ElementwiseActivation.Map2Smooth(g, src, new SoftplusBackwardOp(beta, threshold))];
            // createGraph: g·σ(βx) below the threshold, g above it (linear there), as differentiable ops of x
            Tensor bx = Multiply.Forward(x, Tensor.Scalar(beta, x.DType));
            return [Where.Forward(Comparison.Greater(bx, Tensor.Scalar(threshold, x.DType)), g, Multiply.Forward(g, SigmoidOperation.Forward(bx)))];
        }, src);
    }
}
