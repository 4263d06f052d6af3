using DeepNotes.Ops.Indexing;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Sorting;

/// <summary>
/// Stable sorting along one dimension and the selections built on it: Sort, ArgSort, Msort, TopK, KthValue. NaN
/// sorts as the largest value and −0 equals +0, as in PyTorch; equal values keep their input order (ascending and
/// descending alike, as <c>torch.sort(stable=True)</c>). Backward of the values: g scattered to the positions the
/// indices name.
/// </summary>
internal static class Sort
{
    public static ValuesAndIndices Forward(Tensor x, int dim, bool descending)
    {
        x.CheckNumeric("Sort");
        int d = AxisRows.Dim("Sort", dim, x.Rank);
        if (x.Rank == 0) return new(x.Clone(), Tensor.Scalar(0, DType.Int32));
        var (values, order) = SortedRows(x, d, descending);
        Tensor indices = AxisRows.Restore(order, d);
        Tensor v = AxisRows.Restore(values, d);
        return new(AxisGather.RecordPicked(v, "SortBackward", x, d, indices, keptDim: true), indices);
    }

    public static Tensor ArgSort(Tensor x, int dim, bool descending)
    {
        x.CheckNumeric("ArgSort");
        int d = AxisRows.Dim("ArgSort", dim, x.Rank);
        if (x.Rank == 0) return Tensor.Scalar(0, DType.Int32);
        return AxisRows.Restore(SortedRows(x, d, descending).Order, d);
    }

    /// <summary>The <paramref name="k"/> largest (or smallest) values along a dimension, in sorted order; ties in input order.</summary>
    public static ValuesAndIndices TopK(Tensor x, int k, int dim, bool largest)
    {
        x.CheckNumeric("TopK");
        int d = AxisRows.Dim("TopK", dim, x.Rank);
        int n = x.Rank == 0 ? 1 : x.Shape.Dims[d];
        if (k < 0 || k > n)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"TopK: k must be in [0, {n}] for dimension {d} of shape {x.Shape}, got {k}.");
        if (x.Rank == 0) return new(x.Clone(), Tensor.Scalar(0, DType.Int32));
        Tensor indices, v;
        if ((long)k * 8 <= n)
        {
            // few of many: quickselect then a stable sort of the k (same answer as the full stable sort)
            var (data, outer, _) = AxisRows.Arrange(x, d);
            var order = new Tensor(AxisRows.ArrangedShape(x.Shape, d, k), DType.Int32);
            switch (x.DType)
            {
                case DType.Float32: SelectKernel.FirstRows(data.Span<float>(), order.Span<int>(), outer, n, k, largest); break;
                case DType.Float64: SelectKernel.FirstRows(data.Span<double>(), order.Span<int>(), outer, n, k, largest); break;
                case DType.Int64: SelectKernel.FirstRows(data.Span<long>(), order.Span<int>(), outer, n, k, largest); break;
                default: SelectKernel.FirstRows(data.Span<int>(), order.Span<int>(), outer, n, k, largest); break;
            }
            indices = AxisRows.Restore(order, d);
            v = AxisRows.Restore(Gather.Raw(data, data.Rank - 1, order), d);
        }
        else
        {
            var (values, order) = SortedRows(x, d, descending: largest);
            indices = AxisRows.Restore(FirstColumns(order, 0, k), d);
            v = AxisRows.Restore(FirstColumns(values, 0, k), d);
        }
        return new(AxisGather.RecordPicked(v, "TopkBackward", x, d, indices, keptDim: true), indices);
    }

    /// <summary>The <paramref name="k"/>-th smallest value (1-based) along a dimension and its index.</summary>
    public static ValuesAndIndices KthValue(Tensor x, int k, int dim, bool keepDim)
    {
        x.CheckNumeric("KthValue");
        int d = AxisRows.Dim("KthValue", dim, x.Rank);
        int n = x.Rank == 0 ? 1 : x.Shape.Dims[d];
        if (k < 1 || k > n)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"KthValue: k must be in [1, {n}] for dimension {d} of shape {x.Shape}, got {k}.");
        return PickSelected("KthValue", x, d, keepDim, (_, _) => k - 1);
    }

    /// <summary>
    /// Picks one sorted position per row along <paramref name="d"/> by quickselect (<paramref name="position"/> maps
    /// the row's NaN count and length to it) and returns the value and its input index, with the dimension dropped
    /// unless <paramref name="keepDim"/>; the same answer as a stable sort would give.
    /// </summary>
    internal static ValuesAndIndices PickSelected(string op, Tensor x, int d, bool keepDim, Func<int, int, int> position)
    {
        if (x.Rank == 0) return new(x.Clone(), Tensor.Scalar(0, DType.Int32));
        int n = x.Shape.Dims[d];
        if (n == 0) throw new ArgumentException($"{op}: cannot pick from an empty dimension {d} (shape {x.Shape}).");
        var (data, outer, _) = AxisRows.Arrange(x, d);
        var idx = new Tensor(AxisRows.ArrangedShape(x.Shape, d, 1), DType.Int32);
        switch (x.DType)
        {
            case DType.Float32: SelectKernel.PickRows(data.Span<float>(), idx.Span<int>(), outer, n, (_, nan) => position(nan, n)); break;
            case DType.Float64: SelectKernel.PickRows(data.Span<double>(), idx.Span<int>(), outer, n, (_, nan) => position(nan, n)); break;
            case DType.Int64: SelectKernel.PickRows(data.Span<long>(), idx.Span<int>(), outer, n, (_, nan) => position(nan, n)); break;
            default: SelectKernel.PickRows(data.Span<int>(), idx.Span<int>(), outer, n, (_, nan) => position(nan, n)); break;
        }
        Tensor vals = AxisRows.Restore(Gather.Raw(data, data.Rank - 1, idx), d);
        Tensor indices = AxisRows.Restore(idx, d);
        if (!keepDim)
        {
            Shape reduced = AxisRows.Reduced(x.Shape, d, keepDim: false);
            indices = Reshape.Raw(indices, reduced);
            vals = Reshape.Raw(vals, reduced);
        }
        return new(AxisGather.RecordPicked(vals, op + "Backward", x, d, indices, keepDim), indices);
    }

    /// <summary>
    /// Sorts each row along <paramref name="d"/>, picks one sorted position per row (<paramref name="position"/> gets
    /// the row index and the sorted row) and returns the value and its input index, with the dimension dropped unless
    /// <paramref name="keepDim"/>.
    /// </summary>
    internal static ValuesAndIndices PickSorted(string op, Tensor x, int d, bool keepDim, Func<int, Tensor, int> position, bool descending)
    {
        if (x.Rank == 0)
        {
            position(0, Reshape.Raw(x.ContiguousRaw(), new Shape(1, 1)));
            return new(x.Clone(), Tensor.Scalar(0, DType.Int32));
        }
        int n = x.Shape.Dims[d];
        if (n == 0) throw new ArgumentException($"{op}: cannot pick from an empty dimension {d} (shape {x.Shape}).");
        var (values, order) = SortedRows(x, d, descending);
        int outer = values.ElementCount / n;
        Shape kept = AxisRows.ArrangedShape(x.Shape, d, 1);
        var v = new Tensor(kept, x.DType);
        var idx = new Tensor(kept, DType.Int32);
        var orderSpan = order.Span<int>();
        var sortedRows = Reshape.Raw(values, new Shape(outer, n));
        for (int o = 0; o < outer; o++)
        {
            int p = position(o, sortedRows);
            idx.Span<int>()[o] = orderSpan[o * n + p];
            v.SetRaw(o, values.GetRaw(o * n + p));
        }
        Tensor indices = AxisRows.Restore(idx, d), vals = AxisRows.Restore(v, d);
        if (!keepDim)
        {
            Shape reduced = AxisRows.Reduced(x.Shape, d, keepDim: false);
            indices = Reshape.Raw(indices, reduced);
            vals = Reshape.Raw(vals, reduced);
        }
        return new(AxisGather.RecordPicked(vals, op + "Backward", x, d, indices, keepDim), indices);
    }

    /// <summary>Sorted values and the sorting permutation, both in arranged layout (<paramref name="d"/> last, contiguous).</summary>
    internal static (Tensor Values, Tensor Order) SortedRows(Tensor x, int d, bool descending)
    {
        var (data, outer, n) = AxisRows.Arrange(x, d);
        Shape arranged = AxisRows.ArrangedShape(x.Shape, d, n);
        var order = new Tensor(arranged, DType.Int32);
        var values = new Tensor(arranged, x.DType);
        var o = order.Span<int>();
        switch (x.DType)
        {
            case DType.Float32:
                SortKernel.ArgSortRows(data.Span<float>(), o, outer, n, descending);
                Permuted(data.Span<float>(), o, values.Span<float>(), outer, n);
                break;
            case DType.Float64:
                SortKernel.ArgSortRows(data.Span<double>(), o, outer, n, descending);
                Permuted(data.Span<double>(), o, values.Span<double>(), outer, n);
                break;
            case DType.Int64:
                SortKernel.ArgSortRows(data.Span<long>(), o, outer, n, descending);
                Permuted(data.Span<long>(), o, values.Span<long>(), outer, n);
                break;
            default:
                SortKernel.ArgSortRows(data.Span<int>(), o, outer, n, descending);
                Permuted(data.Span<int>(), o, values.Span<int>(), outer, n);
                break;
        }
        return (values, order);
    }

    /// <summary>Columns [start, start + count) of arranged rows, contiguous.</summary>
    internal static Tensor FirstColumns(Tensor rows, int start, int count) =>
        Narrow.Forward(rows, rows.Rank - 1, start, count).ContiguousRaw();

    private static void Permuted<T>(ReadOnlySpan<T> data, ReadOnlySpan<int> order, Span<T> result, int outer, int n) where T : unmanaged
    {
        for (int r = 0; r < outer; r++)
        {
            var src = data.Slice(r * n, n);
            var ord = order.Slice(r * n, n);
            var dst = result.Slice(r * n, n);
            for (int i = 0; i < n; i++) dst[i] = src[ord[i]];
        }
    }
}
