namespace DeepNotes.Ops.Reductions;

/// <summary>
/// Nansum and Nanmean: Sum and Mean treating NaN as absent (0 in the sum, not counted in the mean; an all-NaN group
/// has mean NaN, sum 0). Composed as Sum(Where(isnan, 0, x)), so the backward is g at non-NaN elements and 0 at NaN.
/// </summary>
internal static class NanReductions
{
    public static Tensor Nansum(Tensor x, int[]? axes, bool keepDim)
    {
        if (!x.DType.IsFloatingPoint() || !HasNan(x)) return Sum.Forward(x, axes, keepDim);
        return Sum.Forward(WithoutNan(x), axes, keepDim);
    }

    public static Tensor Nanmean(Tensor x, int[]? axes, bool keepDim)
    {
        x.CheckFloatingPoint("Nanmean");
        int[] ax = Reduction.Axes("Nanmean", axes, x.Rank);
        if (!HasNan(x)) return Mean.Forward(x, ax, keepDim);
        Tensor count = Sum.Forward(Comparison.Equal(x, x), ax, keepDim).ConvertRaw(x.DType);
        return Divide.Forward(Sum.Forward(WithoutNan(x), ax, keepDim), count);
    }

    /// <summary>Whether any element is NaN: one vectorised sum, which is NaN exactly when an element is NaN or ∞ − ∞ occurs (then the slow path is still correct).</summary>
    private static bool HasNan(Tensor x)
    {
        Tensor c = x.ContiguousRaw();
        return x.DType == DType.Float32
            ? float.IsNaN(System.Numerics.Tensors.TensorPrimitives.Sum(c.Span<float>()))
            : double.IsNaN(System.Numerics.Tensors.TensorPrimitives.Sum(c.Span<double>()));
    }

    /// <summary>x with NaN replaced by 0 (differentiable: gradient 0 at the NaN positions).</summary>
    private static Tensor WithoutNan(Tensor x) => Where.Forward(Comparison.NotEqual(x, x), Tensor.Zeros(Shape.Scalar, x.DType), x);
}
