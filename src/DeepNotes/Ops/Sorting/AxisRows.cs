namespace DeepNotes.Ops.Sorting;

/// <summary>
/// Moves one dimension innermost so that each slice along it is a contiguous row, and back: the layout every
/// sorting, scanning and selecting op of this folder works in.
/// </summary>
internal static class AxisRows
{
    /// <summary>The input as contiguous rows [outer, n] along <paramref name="dim"/> (already normalised); copies only when needed.</summary>
    public static (Tensor Data, int Outer, int N) Arrange(Tensor x, int dim)
    {
        int n = x.Shape.Dims[dim];
        int outer = 1;
        for (int d = 0; d < x.Rank; d++) if (d != dim) outer *= x.Shape.Dims[d];
        var perm = new int[x.Rank];
        int k = 0;
        for (int d = 0; d < x.Rank; d++) if (d != dim) perm[k++] = d;
        perm[k] = dim;
        return (Permute.Raw(x, perm).ContiguousRaw(), outer, n);
    }

    /// <summary>The shape of <paramref name="shape"/> with <paramref name="dim"/> moved last and given length <paramref name="length"/>.</summary>
    public static Shape ArrangedShape(Shape shape, int dim, int length)
    {
        var dims = new int[shape.Rank];
        int k = 0;
        for (int d = 0; d < shape.Rank; d++) if (d != dim) dims[k++] = shape.Dims[d];
        dims[k] = length;
        return new Shape(dims);
    }

    /// <summary>A contiguous tensor in arranged layout (last dimension = <paramref name="dim"/>) put back in the original dimension order, contiguous.</summary>
    public static Tensor Restore(Tensor rows, int dim)
    {
        int rank = rows.Rank;
        if (dim == rank - 1) return rows;
        var perm = new int[rank];
        for (int k = 0; k < rank; k++) perm[k] = k < dim ? k : k == dim ? rank - 1 : k - 1;
        return Permute.Raw(rows, perm).ContiguousRaw();
    }

    /// <summary>Normalises <paramref name="dim"/> for an op over one dimension; a 0-dim tensor accepts 0 and −1 (as PyTorch).</summary>
    public static int Dim(string op, int dim, int rank) => Permute.Axis(op, dim, Math.Max(rank, 1));

    /// <summary>The shape with <paramref name="dim"/> removed, or kept as 1 with <paramref name="keepDim"/>.</summary>
    public static Shape Reduced(Shape shape, int dim, bool keepDim) => ReductionOperation.OutputShape(shape, [dim], keepDim);
}
