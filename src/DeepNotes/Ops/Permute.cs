namespace DeepNotes.Ops;

/// <summary>Reorders the dimensions as a view (strides permuted, no copy). Backward: the inverse permutation.</summary>
internal static class Permute
{
    public static Tensor Forward(Tensor x, int[] dims)
    {
        int[] perm = Validate(x, dims);
        var inverse = new int[perm.Length];
        for (int i = 0; i < perm.Length; i++) inverse[perm[i]] = i;
        return Tensor.RecordDifferentiable(Raw(x, perm), "PermuteBackward", [x], g => [Forward(g, inverse)]);
    }

    /// <summary>Swaps two dimensions (a permutation).</summary>
    public static Tensor Transpose(Tensor x, int dim0, int dim1)
    {
        int rank = x.Rank;
        int a = Axis("Transpose", dim0, rank), b = Axis("Transpose", dim1, rank);
        var perm = Enumerable.Range(0, rank).ToArray();
        (perm[a], perm[b]) = (perm[b], perm[a]);
        return Tensor.RecordDifferentiable(Raw(x, perm), "TransposeBackward", [x], g => [Forward(g, perm)]);
    }

    /// <summary>The permuted view without autograd; <paramref name="perm"/> must be valid.</summary>
    public static Tensor Raw(Tensor x, int[] perm)
    {
        if (x.Rank == 0) return x.View(x.Shape, x.StrideArray, x.Offset);
        var dims = new int[perm.Length];
        var strides = new int[perm.Length];
        for (int i = 0; i < perm.Length; i++)
        {
            dims[i] = x.Shape.Dims[perm[i]];
            strides[i] = x.StrideArray[perm[i]];
        }
        return x.View(new Shape(dims), strides, x.Offset);
    }

    private static int[] Validate(Tensor x, int[] dims)
    {
        if (dims.Length != x.Rank)
            throw new ArgumentException($"Permute: expected {x.Rank} dimensions for a tensor of shape {x.Shape}, got [{string.Join(", ", dims)}].");
        var perm = new int[dims.Length];
        var seen = new bool[dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            perm[i] = Axis("Permute", dims[i], x.Rank);
            if (seen[perm[i]]) throw new ArgumentException($"Permute: dimension {perm[i]} repeats in [{string.Join(", ", dims)}].");
            seen[perm[i]] = true;
        }
        return perm;
    }

    internal static int Axis(string op, int axis, int rank)
    {
        try { return Shape.NormalizeAxis(axis, rank); }
        catch (ArgumentOutOfRangeException e) { throw new ArgumentOutOfRangeException(nameof(axis), axis, $"{op}: {e.Message.Split(" (Parameter")[0]}"); }
    }
}
