namespace DeepNotes.Ops;

/// <summary>
/// Cuts a tensor into views along one dimension: <c>Split</c> (equal sizes or given sizes), <c>Chunk</c>,
/// <c>TensorSplit</c> (sections or indices) and <c>Unbind</c>. Every piece is a Narrow/Select view, so its
/// gradient flows back into its range of the input.
/// </summary>
internal static class Split
{
    public static Tensor[] BySize(Tensor x, int splitSize, int dim)
    {
        int d = Dim("Split", x, dim);
        int n = x.Shape.Dims[d];
        if (splitSize < 0 || (splitSize == 0 && n != 0))
            throw new ArgumentException($"Split: splitSize can only be 0 if the dimension size is 0, and never negative; got splitSize {splitSize} for dimension {d} of size {n}.");
        if (n == 0) return [x.Narrow(d, 0, 0)];
        int count = (n + splitSize - 1) / splitSize;
        var parts = new Tensor[count];
        for (int i = 0; i < count; i++)
        {
            int start = i * splitSize;
            parts[i] = Narrow.Forward(x, d, start, Math.Min(splitSize, n - start));
        }
        return parts;
    }

    public static Tensor[] BySizes(Tensor x, int[] sizes, int dim)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        int d = Dim("Split", x, dim);
        int n = x.Shape.Dims[d];
        long sum = 0;
        foreach (int s in sizes)
        {
            if (s < 0) throw new ArgumentException($"Split: sizes must be non-negative, got [{string.Join(", ", sizes)}].");
            sum += s;
        }
        if (sum != n)
            throw new ArgumentException($"Split: sizes must sum exactly to {n} (the size of dimension {d} of shape {x.Shape}), got [{string.Join(", ", sizes)}].");
        var parts = new Tensor[sizes.Length];
        int start = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            parts[i] = Narrow.Forward(x, d, start, sizes[i]);
            start += sizes[i];
        }
        return parts;
    }

    public static Tensor[] Chunk(Tensor x, int chunks, int dim)
    {
        if (chunks <= 0) throw new ArgumentException($"Chunk: chunks must be greater than 0, got {chunks}.");
        int d = Dim("Chunk", x, dim);
        int n = x.Shape.Dims[d];
        if (n == 0) return Enumerable.Range(0, chunks).Select(_ => Narrow.Forward(x, d, 0, 0)).ToArray();
        return BySize(x, (n + chunks - 1) / chunks, d);
    }

    public static Tensor[] TensorSplitSections(Tensor x, int sections, int dim)
    {
        if (sections <= 0) throw new ArgumentException($"TensorSplit: the number of sections must be greater than 0, got {sections}.");
        int d = Dim("TensorSplit", x, dim);
        int n = x.Shape.Dims[d];
        int small = n / sections, extra = n % sections;
        var sizes = new int[sections];
        for (int i = 0; i < sections; i++) sizes[i] = small + (i < extra ? 1 : 0);
        return BySizes(x, sizes, d);
    }

    public static Tensor[] TensorSplitIndices(Tensor x, int[] indices, int dim)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int d = Dim("TensorSplit", x, dim);
        var parts = new Tensor[indices.Length + 1];
        int start = 0;
        for (int i = 0; i <= indices.Length; i++)
        {
            int end = i < indices.Length ? indices[i] : int.MaxValue;
            parts[i] = Narrow.Slice(x, d, start, end, 1);
            start = end;
        }
        return parts;
    }

    public static Tensor[] Unbind(Tensor x, int dim)
    {
        int d = Dim("Unbind", x, dim);
        return Enumerable.Range(0, x.Shape.Dims[d]).Select(i => Narrow.Select(x, d, i)).ToArray();
    }

    private static int Dim(string op, Tensor x, int dim)
    {
        if (x.Rank == 0) throw new ArgumentException($"{op}: a 0-dim tensor has no dimension to split.");
        return Permute.Axis(op, dim, x.Rank);
    }
}
