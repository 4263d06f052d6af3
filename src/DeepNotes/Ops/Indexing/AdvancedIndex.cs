using DeepNotes.Kernels;

namespace DeepNotes.Ops.Indexing;

/// <summary>
/// Indexing with one tensor through <c>x[t]</c>: a Bool mask over the leading dimensions (<c>[*M, *R]</c> with a mask of
/// shape M gives <c>[n, *R]</c>, n true entries, row-major) or an Int32 index into dimension 0 (negative counts from
/// the end; <c>[*I, *R]</c>). Both become a list of rows of x viewed as <c>[prod(M), *R]</c>, read by copying rows
/// (backward: rows of g added back with <see cref="IndexUpdate.Add"/>, repeats accumulate) or written in place with a scatter.
/// </summary>
internal static class AdvancedIndex
{
    public static Tensor Get(Tensor x, Tensor index)
    {
        var (rows, resultShape, lead) = Rows(x, index);
        Shape rest = RestShape(x, lead);
        var flatShape = new Shape([RowCount(x, lead), .. rest.ToArray()]);
        Tensor src = Reshape.Raw(x, flatShape).ContiguousRaw();
        var result = new Tensor(resultShape, x.DType);
        ReadOnlySpan<int> r = rows.Span<int>();
        int rowSize = rest.ElementCount;
        switch (x.DType)
        {
            case DType.Float32: CopyRows(src.Data<float>(), src.Offset, rowSize, r, result.Data<float>()); break;
            case DType.Float64: CopyRows(src.Data<double>(), src.Offset, rowSize, r, result.Data<double>()); break;
            case DType.Int32: CopyRows(src.Data<int>(), src.Offset, rowSize, r, result.Data<int>()); break;
            default: CopyRows(src.Data<bool>(), src.Offset, rowSize, r, result.Data<bool>()); break;
        }
        Shape xShape = x.Shape;
        int[] sourceShape = [rows.ElementCount, .. rest.ToArray()];
        return Tensor.RecordDifferentiable(result, "IndexBackward", [x], g =>
        {
            Tensor summed = IndexUpdate.Add(Tensor.Zeros(flatShape, g.DType), 0, rows, Reshape.Forward(g, sourceShape), 1);
            return [Reshape.Forward(summed, xShape.ToArray())];
        }, rows);
    }

    /// <summary>Copies row <c>rows[i]</c> of a contiguous [*, rowSize] block to row i of the destination.</summary>
    private static void CopyRows<T>(T[] src, int offset, int rowSize, ReadOnlySpan<int> rows, T[] dst) where T : unmanaged
    {
        if (rowSize == 1)
        {
            for (int i = 0; i < rows.Length; i++) dst[i] = src[offset + rows[i]];
            return;
        }
        for (int i = 0; i < rows.Length; i++)
            Array.Copy(src, offset + rows[i] * rowSize, dst, i * rowSize, rowSize);
    }

    /// <summary>Writes <paramref name="value"/> (broadcast to the indexing result's shape) into the indexed rows of <paramref name="x"/> in place.</summary>
    public static void Set(Tensor x, Tensor index, Tensor value)
    {
        Tensor.CheckSameDType("Index assignment", x, value);
        var (rows, resultShape, lead) = Rows(x, index);
        if (ElementwiseBinary.BroadcastShape("Index assignment", value.Shape, resultShape) != resultShape)
            throw new ArgumentException(
                $"Index assignment: a value of shape {value.Shape} cannot be broadcast to the indexing result of shape {resultShape}.", nameof(value));
        Shape rest = RestShape(x, lead);
        var flatShape = new Shape([RowCount(x, lead), .. rest.ToArray()]);
        var target = new Shape([rows.ElementCount, .. rest.ToArray()]);
        Tensor work = x.CloneRaw();
        Tensor flat = work.View(flatShape, flatShape.ContiguousStrides(), work.Offset);
        Tensor source = Reshape.Raw(Expand.Raw(value, resultShape).ContiguousRaw(), target);
        Scatter.Apply(ScatterMode.Assign, "Index assignment", flat, 0, Wide(rows, rest), source);
        work.CopyTo(x);
    }

    /// <summary>The selected row numbers (1-D Int32, non-negative), the result shape and how many leading dimensions the index covers.</summary>
    private static (Tensor Rows, Shape ResultShape, int Lead) Rows(Tensor x, Tensor index)
    {
        if (index.DType == DType.Bool)
        {
            int k = index.Rank;
            bool match = k <= x.Rank;
            for (int d = 0; match && d < k; d++) match = index.Shape.Dims[d] == x.Shape.Dims[d];
            if (!match)
                throw new ArgumentException(
                    $"Indexing: the shape of the mask {index.Shape} does not match the leading dimensions of the indexed tensor {x.Shape}.", nameof(index));
            Tensor rows = Masked.TruePositions(index, index.Shape);
            return (rows, new Shape([rows.ElementCount, .. RestShape(x, k).ToArray()]), k);
        }
        if (index.DType != DType.Int32)
            throw new ArgumentException($"Indexing with a tensor expects a Bool mask or an Int32 index, got {index.DType}.", nameof(index));
        if (x.Rank == 0)
            throw new ArgumentException("Indexing: a 0-dim tensor has no dimension to index with an Int32 tensor.", nameof(index));
        int size = x.Shape.Dims[0];
        IndexChecks.InRange("Indexing", index, 0, size, x.Shape, allowNegative: true);
        int[] values = index.ToArray<int>();
        for (int i = 0; i < values.Length; i++) if (values[i] < 0) values[i] += size;
        return (Tensor.FromArray(values), new Shape([.. index.Shape.ToArray(), .. RestShape(x, 1).ToArray()]), 1);
    }

    private static Shape RestShape(Tensor x, int lead) => new(x.Shape.ToArray()[lead..]);

    private static int RowCount(Tensor x, int lead)
    {
        int n = 1;
        for (int d = 0; d < lead; d++) n *= x.Shape.Dims[d];
        return n;
    }

    /// <summary>The 1-D row list as a stride-0 view over <c>[n, *rest]</c>, the index a gather or scatter along dimension 0 needs.</summary>
    private static Tensor Wide(Tensor rows, Shape rest)
    {
        var shape = new Shape([rows.ElementCount, .. rest.ToArray()]);
        var strides = new int[shape.Rank];
        strides[0] = 1;
        return rows.View(shape, strides, rows.Offset);
    }
}
