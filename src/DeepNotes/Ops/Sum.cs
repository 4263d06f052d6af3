using System.Numerics.Tensors;

namespace DeepNotes.Ops;

/// <summary>Sum over all or chosen axes. Backward: the gradient broadcast back over the reduced axes.</summary>
internal static class Sum
{
    public static Tensor Forward(Tensor x, int[]? axes, bool keepDim)
    {
        if (x.DType == DType.Bool) x = x.ConvertRaw(DType.Int32); // counting true values, as PyTorch does
        int[] ax = ReductionOperation.Axes("Sum", axes, x.Rank);
        Shape outShape = ReductionOperation.OutputShape(x.Shape, ax, keepDim);
        var (data, outer, inner) = ReductionOperation.Arrange(x, ax);
        var result = new Tensor(outShape, x.DType);
        switch (x.DType)
        {
            case DType.Float32: Rows(data.Span<float>(), result.Span<float>(), outer, inner); break;
            case DType.Float64: Rows(data.Span<double>(), result.Span<double>(), outer, inner); break;
            case DType.Int64: Rows(data.Span<long>(), result.Span<long>(), outer, inner); break;
            default: Rows(data.Span<int>(), result.Span<int>(), outer, inner); break;
        }
        Shape inShape = x.Shape;
        return Tensor.RecordDifferentiable(result, "SumBackward", [x], g => [ReductionOperation.ExpandBack(g, inShape, ax, keepDim)]);
    }

    private static void Rows<T>(ReadOnlySpan<T> data, Span<T> result, int outer, int inner) where T : unmanaged, System.Numerics.INumber<T>
    {
        for (int o = 0; o < outer; o++) result[o] = TensorPrimitives.Sum(data.Slice(o * inner, inner));
    }

    /// <summary>
    /// Sums a broadcast result's gradient back to an input's <paramref name="shape"/>: over the leading axes the
    /// input lacked and over the axes where it had size 1.
    /// </summary>
    public static Tensor ToShape(Tensor g, Shape shape)
    {
        if (g.Shape == shape) return g;
        int lead = g.Rank - shape.Rank;
        var axes = new List<int>();
        for (int d = 0; d < g.Rank; d++)
            if (d < lead || (shape.Dims[d - lead] == 1 && g.Shape.Dims[d] != 1)) axes.Add(d);
        return Reshape.Forward(Forward(g, axes.ToArray(), keepDim: true), shape);
    }
}
