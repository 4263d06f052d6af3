namespace DeepNotes.Ops.Reductions;

/// <summary>
/// Nansum and Nanmean: Sum and Mean treating NaN as absent (0 in the sum, not counted in the mean; an all-NaN group
/// has mean NaN, sum 0). Composed as Sum(Where(isnan, 0, x)), so the backward is g at non-NaN elements and 0 at NaN.
/// </summary>
internal static class NanReductions
{
    public static Tensor Nansum(Tensor x, int[]? axes, bool keepDim)
    {
        if (!x.DType.IsFloatingPoint()) return Sum.Forward(x, axes, keepDim);
        // a NaN input makes its group's sum NaN, so a NaN-free plain sum is the answer (one pass in the common case)
        int[] ax = ReductionOperation.Axes("Nansum", axes, x.Rank);
        var (data, outer, inner) = ReductionOperation.Arrange(x, ax);
        var plain = new Tensor(ReductionOperation.OutputShape(x.Shape, ax, keepDim), x.DType);
        if (x.DType == DType.Float32) SumRows(data.Span<float>(), plain.Span<float>(), outer, inner);
        else SumRows(data.Span<double>(), plain.Span<double>(), outer, inner);
        if (HasNan(plain)) return Sum.Forward(WithoutNan(x), axes, keepDim);
        Shape inShape = x.Shape;
        return Tensor.RecordDifferentiable(plain, "NansumBackward", [x], g => [ReductionOperation.ExpandBack(g, inShape, ax, keepDim)]);
    }

    public static Tensor Nanmean(Tensor x, int[]? axes, bool keepDim)
    {
        x.CheckFloatingPoint("Nanmean");
        int[] ax = ReductionOperation.Axes("Nanmean", axes, x.Rank);
        Tensor plain = Mean.Forward(x, ax, keepDim);
        if (!HasNan(plain)) return plain;
        Tensor count = Sum.Forward(Comparison.Equal(x, x), ax, keepDim).ConvertRaw(x.DType);
        return Divide.Forward(Sum.Forward(WithoutNan(x), ax, keepDim), count);
    }

    private static void SumRows<T>(ReadOnlySpan<T> data, Span<T> result, int outer, int inner) where T : unmanaged, System.Numerics.INumber<T>
    {
        for (int o = 0; o < outer; o++) result[o] = Kernels.RowReduceKernel.Sum(data.Slice(o * inner, inner));
    }

    /// <summary>Whether any element is NaN (via one vectorised sum, NaN also for ∞ − ∞, when the slow path is still correct).</summary>
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
