using DeepNotes.Kernels;

namespace DeepNotes.Ops.Activations;

/// <summary>
/// ReLU, max(x, 0). Backward from the saved output in one pass: g where y &gt; 0, 0 elsewhere — so the gradient at 0
/// is 0, as in PyTorch. No mask tensor is made: this is on every MLP's hot path. The output and the input gradient
/// are allocated unzeroed (the kernels write every element): after a convolution these are megabytes per step.
/// </summary>
internal static class ReluOperation
{
    public static Tensor Forward(Tensor x)
    {
        x.CheckFloatingPoint("Relu");
        Tensor src = x.ContiguousRaw();
        var y = ShapeMoves.Empty(x.Shape, x.DType);
        if (x.DType == DType.Float32)
            ActivationKernels.Map(src.Data<float>(), src.Offset, y.Data<float>(), 0, x.ElementCount, new ReluOp<float>(), ActivationKernels.CheapGrain);
        else
            ActivationKernels.Map(src.Data<double>(), src.Offset, y.Data<double>(), 0, x.ElementCount, new ReluOp<double>(), ActivationKernels.CheapGrain);
        if (!Tensor.NeedsGrad(x)) return y;
        var output = y.Detach();
        return Tensor.RecordDifferentiable(y, "ReluBackward", [x], g =>
            // createGraph: g where y > 0 as a differentiable Where (the mask is piecewise constant in x, as PyTorch's threshold_backward)
            [Autograd.IsCreatingGraph ? Where.Forward(Comparison.Greater(output, Tensor.Zeros(Shape.Scalar, output.DType)), g, Tensor.Zeros(Shape.Scalar, g.DType)) : Backward(g, output)],
            output);
    }

    /// <summary>dx = g where output &gt; 0, else 0 (output is contiguous).</summary>
    private static Tensor Backward(Tensor g, Tensor output)
    {
        Tensor gc = g.ContiguousRaw();
        var dx = ShapeMoves.Empty(output.Shape, output.DType);
        int n = output.ElementCount;
        if (output.DType == DType.Float32)
            ActivationKernels.Map(gc.Data<float>(), gc.Offset, output.Data<float>(), output.Offset, dx.Data<float>(), 0, n,
                new ReluBackwardOp<float>(), ActivationKernels.CheapGrain);
        else
            ActivationKernels.Map(gc.Data<double>(), gc.Offset, output.Data<double>(), output.Offset, dx.Data<double>(), 0, n,
                new ReluBackwardOp<double>(), ActivationKernels.CheapGrain);
        return dx;
    }
}
