namespace DeepNotes.Ops;

/// <summary>Mean over all or chosen axes (floating point): the sum scaled by 1/count, so its backward is the sum's.</summary>
internal static class Mean
{
    public static Tensor Forward(Tensor x, int[]? axes, bool keepDim)
    {
        x.CheckFloatingPoint("Mean");
        int[] ax = Reduction.Axes("Mean", axes, x.Rank);
        int count = 1;
        foreach (int a in ax) count *= x.Shape.Dims[a];
        return Multiply.Forward(Sum.Forward(x, ax, keepDim), Tensor.Scalar(1.0 / count, x.DType));
    }
}
