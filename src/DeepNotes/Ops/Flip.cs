namespace DeepNotes.Ops;

/// <summary>
/// Reverses the order of entries along dimensions (<c>torch.flip</c>, <c>fliplr</c>, <c>flipud</c>) and rotates the
/// plane of two dimensions by multiples of 90° (<c>torch.rot90</c>). Flip copies through a reversed-stride view, runs
/// contiguous in the source being moved with one span copy (and a vectorised reverse when the innermost dimension is
/// flipped). Backward of Flip: the gradient flipped along the same dimensions; Rot90 is composed of Flip and Transpose.
/// </summary>
internal static class Flip
{
    public static Tensor Forward(Tensor x, int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        var flip = new bool[x.Rank];
        foreach (int dim in dims)
        {
            if (x.Rank == 0) throw new ArgumentOutOfRangeException(nameof(dims), dim, $"Flip: dimension {dim} is out of range for a 0-dim tensor.");
            int d = Permute.Axis("Flip", dim, x.Rank);
            if (flip[d]) throw new ArgumentException($"Flip: dimension {d} appears more than once in [{string.Join(", ", dims)}].");
            flip[d] = true;
        }
        Tensor result = ShapeMoves.Materialize(ShapeMoves.Reversed(x, flip));
        int[] saved = (int[])dims.Clone();
        return Tensor.RecordDifferentiable(result, "FlipBackward", [x], g => [Forward(g, saved)]);
    }

    /// <summary>Flips dimension 1 (left/right) of a tensor of rank ≥ 2.</summary>
    public static Tensor Fliplr(Tensor x)
    {
        if (x.Rank < 2) throw new ArgumentException($"Fliplr expects a tensor of at least 2 dimensions, got shape {x.Shape}.");
        return Forward(x, [1]);
    }

    /// <summary>Flips dimension 0 (up/down) of a tensor of rank ≥ 1.</summary>
    public static Tensor Flipud(Tensor x)
    {
        if (x.Rank < 1) throw new ArgumentException($"Flipud expects a tensor of at least 1 dimension, got shape {x.Shape}.");
        return Forward(x, [0]);
    }

    /// <summary>Rotates by 90° <paramref name="k"/> times in the plane of <paramref name="dims"/>, from the first axis towards the second.</summary>
    public static Tensor Rot90(Tensor x, int k, int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Length != 2) throw new ArgumentException($"Rot90: expected exactly 2 rotation dimensions, got {dims.Length}.");
        if (x.Rank < 2) throw new ArgumentException($"Rot90: expected a tensor of at least 2 dimensions, got shape {x.Shape}.");
        int d0 = Permute.Axis("Rot90", dims[0], x.Rank), d1 = Permute.Axis("Rot90", dims[1], x.Rank);
        if (d0 == d1) throw new ArgumentException($"Rot90: the rotation dimensions must differ, got [{dims[0]}, {dims[1]}].");
        switch (((k % 4) + 4) % 4)
        {
            case 1: return Forward(x, [d1]).Transpose(d0, d1);
            case 2: return Forward(x, [d0, d1]);
            case 3: return Forward(x, [d0]).Transpose(d0, d1);
            default: return x.Clone();
        }
    }
}
