namespace DeepNotes.Ops.Sorting;

/// <summary>
/// Gather and scatter-add along one dimension with an Int32 index tensor of the input's rank (equal sizes off that
/// dimension): <c>out[.., j, ..] = x[.., index[.., j, ..], ..]</c>. Each is the other's backward, so gradients of
/// values picked by sorting and selection flow back to the positions they came from (and higher orders work).
/// </summary>
internal static class AxisGather
{
    /// <summary>Gathers <paramref name="x"/> along normalised <paramref name="dim"/> at <paramref name="index"/>. Backward: scatter-add of g.</summary>
    public static Tensor Gather(Tensor x, int dim, Tensor index)
    {
        Tensor result = GatherRaw(x, dim, index);
        Shape shape = x.Shape;
        return Tensor.Record(result, "GatherBackward", [x], g => [ScatterAdd(g, dim, index, shape)]);
    }

    /// <summary>Zeros of <paramref name="shape"/> with <paramref name="src"/> added at <paramref name="index"/> along <paramref name="dim"/>. Backward: gather of g.</summary>
    public static Tensor ScatterAdd(Tensor src, int dim, Tensor index, Shape shape)
    {
        Tensor result = ScatterAddRaw(src, dim, index, shape);
        return Tensor.Record(result, "ScatterAddBackward", [src], g => [Gather(g, dim, index)]);
    }

    /// <summary>The gather without autograd.</summary>
    public static Tensor GatherRaw(Tensor x, int dim, Tensor index)
    {
        if (x.Rank == 0) return x.CloneRaw();
        var (data, outer, n) = AxisRows.Arrange(x, dim);
        var (idx, _, m) = AxisRows.Arrange(index, dim);
        var rows = new Tensor(AxisRows.ArrangedShape(x.Shape, dim, m), x.DType);
        var ix = idx.Span<int>();
        switch (x.DType)
        {
            case DType.Float32: GatherRows(data.Span<float>(), ix, rows.Span<float>(), outer, n, m); break;
            case DType.Float64: GatherRows(data.Span<double>(), ix, rows.Span<double>(), outer, n, m); break;
            case DType.Int32: GatherRows(data.Span<int>(), ix, rows.Span<int>(), outer, n, m); break;
            default: GatherRows(data.Span<bool>(), ix, rows.Span<bool>(), outer, n, m); break;
        }
        return AxisRows.Restore(rows, dim);
    }

    /// <summary>The scatter-add without autograd.</summary>
    public static Tensor ScatterAddRaw(Tensor src, int dim, Tensor index, Shape shape)
    {
        if (shape.Rank == 0) return Reshape.Raw(src.ContiguousRaw().CloneRaw(), shape);
        var (data, outer, m) = AxisRows.Arrange(src, dim);
        var (idx, _, _) = AxisRows.Arrange(index, dim);
        int n = shape.Dims[dim];
        var rows = new Tensor(AxisRows.ArrangedShape(shape, dim, n), src.DType);
        var ix = idx.Span<int>();
        switch (src.DType)
        {
            case DType.Float32: ScatterRows(data.Span<float>(), ix, rows.Span<float>(), outer, n, m); break;
            case DType.Float64: ScatterRows(data.Span<double>(), ix, rows.Span<double>(), outer, n, m); break;
            default: ScatterRows(data.Span<int>(), ix, rows.Span<int>(), outer, n, m); break;
        }
        return AxisRows.Restore(rows, dim);
    }

    private static void GatherRows<T>(ReadOnlySpan<T> x, ReadOnlySpan<int> index, Span<T> y, int outer, int n, int m) where T : unmanaged
    {
        for (int o = 0; o < outer; o++)
        {
            var src = x.Slice(o * n, n);
            var ix = index.Slice(o * m, m);
            var dst = y.Slice(o * m, m);
            for (int j = 0; j < m; j++) dst[j] = src[ix[j]];
        }
    }

    private static void ScatterRows<T>(ReadOnlySpan<T> src, ReadOnlySpan<int> index, Span<T> y, int outer, int n, int m)
        where T : unmanaged, System.Numerics.INumber<T>
    {
        for (int o = 0; o < outer; o++)
        {
            var s = src.Slice(o * m, m);
            var ix = index.Slice(o * m, m);
            var dst = y.Slice(o * n, n);
            for (int j = 0; j < m; j++) dst[ix[j]] += s[j];
        }
    }

    /// <summary>
    /// Records on <paramref name="values"/> (picked from <paramref name="x"/> at <paramref name="indices"/> along
    /// <paramref name="dim"/>, that dimension dropped unless <paramref name="keptDim"/>) the backward that scatters g
    /// into those positions.
    /// </summary>
    public static Tensor RecordPicked(Tensor values, string name, Tensor x, int dim, Tensor indices, bool keptDim)
    {
        if (!Tensor.NeedsGrad(x)) return values;
        Shape shape = x.Shape;
        if (shape.Rank == 0) return Tensor.Record(values, name, [x], g => [Reshape.Raw(g, shape)]);
        Tensor index = keptDim ? indices : Squeeze.Unsqueeze(indices, dim);
        return Tensor.Record(values, name, [x], g =>
        {
            Tensor gk = keptDim ? g : Reshape.Forward(g, index.Shape.ToArray());
            return [ScatterAdd(gk, dim, index, shape)];
        }, indices);
    }
}
