namespace DeepNotes.Ops;

/// <summary>
/// Variance and standard deviation over all or chosen axes with Bessel's correction (default 1, unbiased, as in
/// PyTorch). Composed of differentiable ops, so the backward follows from theirs.
/// </summary>
internal static class VarianceStd
{
    public static Tensor Var(Tensor x, int[]? axes, int correction, bool keepDim)
    {
        x.CheckFloatingPoint("Var");
        int[] ax = ReductionOperation.Axes("Var", axes, x.Rank);
        int count = 1;
        foreach (int a in ax) count *= x.Shape.Dims[a];
        Tensor centered = Subtract.Forward(x, Mean.Forward(x, ax, keepDim: true));
        Tensor squares = Sum.Forward(Multiply.Forward(centered, centered), ax, keepDim);
        return Divide.Forward(squares, Tensor.Scalar(Math.Max(count - correction, 0), x.DType));
    }

    public static Tensor Std(Tensor x, int[]? axes, int correction, bool keepDim) => UnaryMath.Sqrt(Var(x, axes, correction, keepDim));
}
