namespace DeepNotes.Ops;

/// <summary>
/// Rotates entries along dimensions, wrapping around (<c>torch.roll</c>): entry <c>i</c> moves to <c>(i + shift) mod n</c>.
/// Without dimensions the tensor is rolled as if flattened and the shape restored. The result is written in one pass
/// of at most 2^k block copies for k rolled dimensions. Backward: the gradient rolled by the negated shifts.
/// </summary>
internal static class Roll
{
    public static Tensor Forward(Tensor x, int[] shifts, int[] dims)
    {
        ArgumentNullException.ThrowIfNull(shifts);
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Length == 0)
        {
            if (shifts.Length != 1)
                throw new ArgumentException($"Roll: without dims exactly one shift is expected (the tensor is flattened), got {shifts.Length}.");
            Shape shape = x.Shape;
            return Reshape.Forward(Forward(Reshape.Forward(x, [-1]), shifts, [0]), shape.ToArray());
        }
        if (shifts.Length != dims.Length)
            throw new ArgumentException($"Roll: shifts and dims must align, got {shifts.Length} shifts and {dims.Length} dims.");
        if (x.Rank == 0) throw new ArgumentOutOfRangeException(nameof(dims), dims[0], "Roll: a 0-dim tensor has no dimension to roll; pass no dims.");
        var total = new long[x.Rank];
        for (int i = 0; i < dims.Length; i++) total[Permute.Axis("Roll", dims[i], x.Rank)] += shifts[i];
        var s = new int[x.Rank];
        for (int d = 0; d < x.Rank; d++)
        {
            int n = x.Shape.Dims[d];
            s[d] = n == 0 ? 0 : (int)(((total[d] % n) + n) % n);
        }
        Tensor result = ShapeMoves.Empty(x.Shape, x.DType);
        if (x.ElementCount > 0) CopyRolled(x, result, s);
        int[] back = shifts.Select(v => -v).ToArray();
        int[] savedDims = (int[])dims.Clone();
        return Tensor.RecordDifferentiable(result, "RollBackward", [x], g => [Forward(g, back, savedDims)]);
    }

    /// <summary>Writes <paramref name="x"/> rolled by the normalised shifts <paramref name="s"/> into <paramref name="result"/>.</summary>
    private static void CopyRolled(Tensor x, Tensor result, int[] s)
    {
        var rolled = Enumerable.Range(0, x.Rank).Where(d => s[d] != 0).ToArray();
        for (int mask = 0; mask < 1 << rolled.Length; mask++)
        {
            Tensor src = x, dst = result;
            for (int b = 0; b < rolled.Length; b++)
            {
                int d = rolled[b], n = x.Shape.Dims[d], shift = s[d];
                // block 0: source [0, n - shift) -> destination [shift, n); block 1: source [n - shift, n) -> [0, shift)
                if ((mask >> b & 1) == 0)
                {
                    src = ShapeMoves.Range(src, d, 0, n - shift);
                    dst = ShapeMoves.Range(dst, d, shift, n - shift);
                }
                else
                {
                    src = ShapeMoves.Range(src, d, n - shift, shift);
                    dst = ShapeMoves.Range(dst, d, 0, shift);
                }
            }
            ShapeMoves.Copy(src, dst);
        }
    }
}
