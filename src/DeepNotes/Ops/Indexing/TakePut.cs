namespace DeepNotes.Ops.Indexing;

/// <summary>
/// Flat indexing of x as if it were 1-D (row-major), negative indices counting from the end: <c>torch.take</c>
/// (result shaped like the index) and <c>torch.put</c> (source elements written, or added with accumulate, at the
/// indexed positions; repeats: the last write wins, additions in index order). Built on <see cref="Gather"/> and
/// <see cref="Scatter"/> over the flattened tensor, so their backward rules apply: take — g added back at the taken
/// positions; put — x: g (accumulate) or g with the written positions zeroed, source: g taken at the index.
/// </summary>
internal static class TakePut
{
    public static Tensor Take(Tensor x, Tensor index)
    {
        Tensor flatIndex = Normalize("Take", x, index);
        Tensor taken = Gather.Forward(Reshape.Forward(x, [-1]), 0, flatIndex);
        return Reshape.Forward(taken, index.Shape.ToArray());
    }

    public static Tensor Put(Tensor x, Tensor index, Tensor source, bool accumulate)
    {
        Tensor.CheckSameDType("Put", x, source);
        if (source.ElementCount != index.ElementCount)
            throw new ArgumentException(
                $"Put: the source and the index must have the same number of elements, got source {source.Shape} ({source.ElementCount}) and index {index.Shape} ({index.ElementCount}).", nameof(source));
        if (accumulate) x.CheckNumeric("Put with accumulate");
        Tensor flatIndex = Normalize("Put", x, index);
        Tensor flatX = Reshape.Forward(x, [-1]);
        Tensor flatSource = Reshape.Forward(source, [-1]);
        Tensor written = accumulate ? Scatter.Add(flatX, 0, flatIndex, flatSource) : Scatter.Assign(flatX, 0, flatIndex, flatSource);
        return Reshape.Forward(written, x.Shape.ToArray());
    }

    /// <summary>The index checked against x's element count and flattened to a 1-D tensor of non-negative positions.</summary>
    private static Tensor Normalize(string op, Tensor x, Tensor index)
    {
        index = IndexChecks.AsInt32Index(op, index);
        int n = x.ElementCount;
        int bad = Kernels.ScatterGather.FindOutOfRange(index.Shape.Dims, index.Data<int>(), index.Offset, index.StrideArray, -n, n);
        if (bad >= 0)
        {
            int value = (int)index.GetRaw(bad);
            throw new ArgumentOutOfRangeException(nameof(index), value,
                $"{op}: index {value} at position {bad} of the flattened index is out of range for the {n} elements of the input {x.Shape} (the flattened dimension 0 of size {n}; valid: {-n}..{n - 1}).");
        }
        if (Kernels.ScatterGather.FindOutOfRange(index.Shape.Dims, index.Data<int>(), index.Offset, index.StrideArray, 0, n) < 0)
            return Reshape.Raw(index, new Shape(index.ElementCount));   // no negative values: the index itself (a view when contiguous)
        int[] values = index.ToArray<int>();
        for (int i = 0; i < values.Length; i++) if (values[i] < 0) values[i] += n;
        return Tensor.FromArray(values);
    }
}
