namespace DeepNotes.Ops.Reductions;

/// <summary>
/// All, Any and CountNonzero over all or chosen axes, for every dtype (an element is true when non-zero; NaN is
/// non-zero). All of an empty group is true, Any false, as PyTorch. Results are Bool (All, Any) or Int32 (CountNonzero;
/// PyTorch's is Int64), with no gradient.
/// </summary>
internal static class Logical
{
    public static Tensor CountNonzero(Tensor x, int[]? axes, bool keepDim = false)
    {
        int[] ax = Reduction.Axes("CountNonzero", axes, x.Rank);
        return Sum.Forward(NonZero(x), ax, keepDim);
    }

    public static Tensor All(Tensor x, int[]? axes, bool keepDim)
    {
        int[] ax = Reduction.Axes("All", axes, x.Rank);
        int count = 1;
        foreach (int a in ax) count *= x.Shape.Dims[a];
        Tensor nonZero = Sum.Forward(NonZero(x), ax, keepDim);
        return Comparison.Equal(nonZero, Tensor.Scalar(count, DType.Int32));
    }

    public static Tensor Any(Tensor x, int[]? axes, bool keepDim)
    {
        int[] ax = Reduction.Axes("Any", axes, x.Rank);
        return Comparison.Greater(Sum.Forward(NonZero(x), ax, keepDim), Tensor.Scalar(0, DType.Int32));
    }

    /// <summary>1 where the element is non-zero (Int32).</summary>
    private static Tensor NonZero(Tensor x)
    {
        Tensor t = x.Detach();
        if (t.DType == DType.Bool) return t.ConvertRaw(DType.Int32);
        return Comparison.NotEqual(t, Tensor.Zeros(Shape.Scalar, t.DType)).ConvertRaw(DType.Int32);
    }
}
