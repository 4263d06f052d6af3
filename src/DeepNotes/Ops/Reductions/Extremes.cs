using DeepNotes.Kernels;
using DeepNotes.Ops.Sorting;

namespace DeepNotes.Ops.Reductions;

/// <summary>
/// Amax/Amin (ties share the gradient evenly, over any dims, as <c>torch.amax</c>) and Max/Min over one dim with
/// indices (the first extreme, NaN first; the gradient goes to that index, as <c>torch.max(x, dim)</c>), computed
/// with <see cref="RowReduceKernel"/> on rows.
/// </summary>
internal static class Extremes
{
    public static Tensor Amax(Tensor x, int[]? dims, bool keepDim, bool max)
    {
        string op = max ? "Amax" : "Amin";
        x.CheckNumeric(op);
        int[] ax = ReductionOperation.Axes(op, dims, x.Rank);
        var (data, outer, inner) = ReductionOperation.Arrange(x, ax);
        if (inner == 0 && outer > 0 || x.ElementCount == 0 && ax.Length == x.Rank)
            throw new ArgumentException($"{op}: cannot reduce an empty tensor (shape {x.Shape}) over dims [{string.Join(", ", ax)}]; the result has no identity.");
        var result = new Tensor(ReductionOperation.OutputShape(x.Shape, ax, keepDim), x.DType);
        switch (x.DType)
        {
            case DType.Float32: Rows(data.Span<float>(), result.Span<float>(), null, outer, inner, max); break;
            case DType.Float64: Rows(data.Span<double>(), result.Span<double>(), null, outer, inner, max); break;
            case DType.Int64: Rows(data.Span<long>(), result.Span<long>(), null, outer, inner, max); break;
            default: Rows(data.Span<int>(), result.Span<int>(), null, outer, inner, max); break;
        }
        if (!Tensor.NeedsGrad(x)) return result;
        var output = result.Detach();
        return Tensor.RecordDifferentiable(result, op + "Backward", [x], g =>
        {
            Tensor mask = Comparison.Equal(x, ReductionOperation.ExpandBack(output, x.Shape, ax, keepDim)).ConvertRaw(g.DType);
            Tensor share = Divide.Forward(mask, Sum.Forward(mask, ax, keepDim: true));
            return [Multiply.Forward(ReductionOperation.ExpandBack(g, x.Shape, ax, keepDim), share)];
        }, x, output);
    }

    public static ValuesAndIndices WithIndices(Tensor x, int dim, bool keepDim, bool max)
    {
        string op = max ? "Max" : "Min";
        x.CheckNumeric(op);
        int d = AxisRows.Dim(op, dim, x.Rank);
        if (x.Rank == 0) return new(x.Clone(), Tensor.Scalar(0, DType.Int32));
        var (data, outer, n) = AxisRows.Arrange(x, d);
        if (n == 0) throw new ArgumentException($"{op}: cannot reduce an empty dimension {d} (shape {x.Shape}).");
        Shape outShape = AxisRows.Reduced(x.Shape, d, keepDim);
        var values = new Tensor(outShape, x.DType);
        var indices = new Tensor(outShape, DType.Int32);
        var ix = indices.Span<int>();
        switch (x.DType)
        {
            case DType.Float32: Rows(data.Span<float>(), values.Span<float>(), ix, outer, n, max); break;
            case DType.Float64: Rows(data.Span<double>(), values.Span<double>(), ix, outer, n, max); break;
            case DType.Int64: Rows(data.Span<long>(), values.Span<long>(), ix, outer, n, max); break;
            default: Rows(data.Span<int>(), values.Span<int>(), ix, outer, n, max); break;
        }
        return new(AxisGather.RecordPicked(values, op + "Backward", x, d, indices, keepDim), indices);
    }

    private static void Rows<T>(ReadOnlySpan<T> data, Span<T> result, Span<int> index, int outer, int inner, bool max)
        where T : unmanaged, System.Numerics.INumber<T>
    {
        bool withIndex = !index.IsEmpty;
        for (int o = 0; o < outer; o++)
        {
            var row = data.Slice(o * inner, inner);
            // the first element equal to the extreme (−0 and +0 are equal, as in PyTorch, which returns the first)
            T m = RowReduceKernel.Extreme(row, max);
            if (!withIndex && m != T.Zero)
            {
                result[o] = m;
                continue;
            }
            int at = RowReduceKernel.IndexOfFirst(row, m);
            result[o] = row[at];
            if (withIndex) index[o] = at;
        }
    }
}
