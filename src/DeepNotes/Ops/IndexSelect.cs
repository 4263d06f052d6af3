namespace DeepNotes.Ops;

/// <summary>
/// Gathers the entries of one dimension named by a 1-D Int32 index tensor (repeats allowed), like
/// <c>torch.index_select</c>. Backward: the gradient rows added back at their indices (repeats accumulate).
/// </summary>
internal static class IndexSelect
{
    public static Tensor Forward(Tensor x, int dim, Tensor indices)
    {
        if (indices.DType != DType.Int32)
            throw new ArgumentException($"IndexSelect expects Int32 indices, got {indices.DType}.");
        if (indices.Rank > 1)
            throw new ArgumentException($"IndexSelect expects a 0-dim or 1-D index tensor, got shape {indices.Shape}.");
        if (x.Rank == 0) throw new ArgumentException("IndexSelect: a 0-dim tensor has no dimension to index.");
        int d = Permute.Axis("IndexSelect", dim, x.Rank);
        int size = x.Shape.Dims[d];
        int[] idx = indices.ToArray<int>();
        for (int i = 0; i < idx.Length; i++)
        {
            if (idx[i] < -size || idx[i] >= size)
                throw new ArgumentOutOfRangeException(nameof(indices), $"IndexSelect: index {idx[i]} (position {i}) is out of range for dimension {d} of size {size} (shape {x.Shape}).");
            if (idx[i] < 0) idx[i] += size;
        }
        var dims = x.Shape.ToArray();
        dims[d] = idx.Length;
        var result = new Tensor(new Shape(dims), x.DType);
        for (int i = 0; i < idx.Length; i++)
            Narrow.Select(x, d, idx[i]).CopyTo(Narrow.Select(result, d, i));
        Shape source = x.Shape;
        return Tensor.RecordDifferentiable(result, "IndexSelectBackward", [x], g =>
        {
            if (Autograd.IsCreatingGraph) // index_add into zeros as a differentiable op (its backward gathers the same rows)
                return [Indexing.IndexUpdate.Add(Tensor.Zeros(source, g.DType), d, Tensor.FromArray(idx, [idx.Length]), g, 1)];
            var grad = Tensor.Zeros(source, g.DType);
            for (int i = 0; i < idx.Length; i++)
            {
                Tensor row = Narrow.Select(grad, d, idx[i]);
                Add.Forward(row, Narrow.Select(g, d, i)).CopyTo(row);
            }
            return [grad];
        });
    }
}
