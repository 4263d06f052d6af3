namespace DeepNotes.Ops;

/// <summary>Mean over all or chosen axes (floating point). Backward: the gradient broadcast back and divided by the count.</summary>
internal static class Mean
{
    public static Tensor Forward(Tensor x, int[]? axes, bool keepDim)
    {
        x.CheckFloatingPoint("Mean");
        int[] ax = ReductionOperation.Axes("Mean", axes, x.Rank);
        int count = 1;
        foreach (int a in ax) count *= x.Shape.Dims[a];
        Tensor result;
        using (Autograd.NoGrad()) result = Multiply.Forward(Sum.Forward(x, ax, keepDim), Tensor.Scalar(1.0 / count, x.DType));
        Shape inShape = x.Shape;
        return Tensor.RecordDifferentiable(result, "MeanBackward", [x],
            g => [Multiply.Forward(ReductionOperation.ExpandBack(g, inShape, ax, keepDim), Tensor.Scalar(1.0 / count, g.DType))]);
    }
}
