using DeepNotes.Kernels;

namespace DeepNotes.Ops;

/// <summary>
/// Repeats a tensor: whole tiles (<c>torch.Tensor.repeat</c>, <c>torch.tile</c>) or each entry in place
/// (<c>torch.repeat_interleave</c>). Repeat copies a stride-0 view of the input into the output viewed as
/// [r0, s0, r1, s1, ...], so every contiguous run of the input moves with one span copy. Backward of Repeat: the
/// gradient viewed as [r0, s0, r1, s1, ...] and summed over the repeat axes; RepeatInterleave with a scalar
/// repeat is the same copy (gradient summed over the copies), with a tensor of repeats an IndexSelect.
/// </summary>
internal static class Repeat
{
    public static Tensor Forward(Tensor x, int[] repeats)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        if (repeats.Length < x.Rank)
            throw new ArgumentException($"Repeat: the number of repeats ({repeats.Length}) must not be smaller than the number of dimensions ({x.Rank}) of the tensor of shape {x.Shape}.");
        foreach (int r in repeats)
            if (r < 0) throw new ArgumentException($"Repeat: repeats must be non-negative, got [{string.Join(", ", repeats)}].");
        int k = repeats.Length, lead = k - x.Rank;
        var inDims = new int[k];
        var inStrides = new int[k];
        for (int i = 0; i < k; i++)
        {
            inDims[i] = i < lead ? 1 : x.Shape.Dims[i - lead];
            inStrides[i] = i < lead ? 0 : x.StrideArray[i - lead];
        }
        var outDims = new int[k];
        for (int i = 0; i < k; i++) outDims[i] = inDims[i] * repeats[i];
        var result = ShapeMoves.Empty(new Shape(outDims), x.DType);
        if (result.ElementCount > 0)
        {
            // Output as [r0, s0, r1, s1, ...]; the input broadcast over the r axes (stride 0).
            var split = new int[2 * k];
            var srcStrides = new int[2 * k];
            var dstStrides = new int[2 * k];
            int[] outStrides = result.StrideArray;
            for (int i = 0; i < k; i++)
            {
                split[2 * i] = repeats[i];
                split[2 * i + 1] = inDims[i];
                srcStrides[2 * i] = 0;
                srcStrides[2 * i + 1] = inStrides[i];
                dstStrides[2 * i] = outStrides[i] * inDims[i];
                dstStrides[2 * i + 1] = outStrides[i];
            }
            Shape splitShape = new(split);
            ShapeMoves.Copy(x.View(splitShape, srcStrides, x.Offset), result.View(splitShape, dstStrides, 0));
        }
        Shape source = x.Shape;
        int[] saved = (int[])repeats.Clone();
        return Tensor.RecordDifferentiable(result, "RepeatBackward", [x], g =>
        {
            var split = new int[2 * k];
            for (int i = 0; i < k; i++) { split[2 * i] = saved[i]; split[2 * i + 1] = inDims[i]; }
            var axes = Enumerable.Range(0, k).Select(i => 2 * i).ToArray();
            return [Reshape.Forward(Sum.Forward(Reshape.Forward(g, split), axes, keepDim: false), source.ToArray())];
        });
    }

    /// <summary><c>torch.tile</c>: like Repeat, but fewer repeats than dimensions are padded with leading ones.</summary>
    public static Tensor Tile(Tensor x, int[] reps)
    {
        ArgumentNullException.ThrowIfNull(reps);
        if (reps.Length >= x.Rank) return Forward(x, reps);
        var full = Enumerable.Repeat(1, x.Rank - reps.Length).Concat(reps).ToArray();
        return Forward(x, full);
    }

    /// <summary>Each entry of dimension <paramref name="dim"/> (of the flattened tensor when null) repeated <paramref name="repeats"/> times.</summary>
    public static Tensor Interleave(Tensor x, int repeats, int? dim)
    {
        if (repeats < 0) throw new ArgumentException($"RepeatInterleave: repeats must be non-negative, got {repeats}.");
        if (dim is null) { x = Reshape.Forward(x, [-1]); dim = 0; }
        if (x.Rank == 0) x = Reshape.Forward(x, [1]);
        int d = Permute.Axis("RepeatInterleave", dim.Value, x.Rank);
        int n = x.Shape.Dims[d], outer = 1, inner = 1;
        for (int k = 0; k < d; k++) outer *= x.Shape.Dims[k];
        for (int k = d + 1; k < x.Rank; k++) inner *= x.Shape.Dims[k];
        var merged = x.Shape.ToArray();
        merged[d] *= repeats;
        Tensor result = ShapeMoves.Empty(new Shape(merged), x.DType);
        if (result.ElementCount > 0)
        {
            Tensor src = x.ContiguousRaw();
            if (inner == 1 && repeats == 2 && x.DType.ElementSize() is 4 or 8)
            {
                // the whole tensor is one run: every element doubled in place
                if (x.DType.ElementSize() == 4) ShapeCopy.InterleavePairs(src.Data<int>(), src.Offset, result.Data<int>(), src.ElementCount);
                else ShapeCopy.InterleavePairs(src.Data<long>(), src.Offset, result.Data<long>(), src.ElementCount);
            }
            else if (inner == 1)
            {
                // loop order [outer, r, n]: the long run is the source row, written every r-th element
                Shape s = new(outer, repeats, n);
                ShapeMoves.Copy(src.View(s, [n, 0, 1], src.Offset), result.View(s, [n * repeats, 1, repeats], 0));
            }
            else
            {
                Shape s = new(outer, n, repeats, inner);
                ShapeMoves.Copy(src.View(s, [n * inner, inner, 0, 1], src.Offset), result.View(s, [n * repeats * inner, repeats * inner, inner, 1], 0));
            }
        }
        Shape source = x.Shape;
        return Tensor.RecordDifferentiable(result, "RepeatInterleaveBackward", [x], g =>
            [Reshape.Forward(Sum.Forward(Reshape.Forward(g, [outer, n, repeats, inner]), [2], keepDim: false), source.ToArray())]);
    }

    /// <summary>Entry i of dimension <paramref name="dim"/> (of the flattened tensor when null) repeated <c>repeats[i]</c> times.</summary>
    public static Tensor Interleave(Tensor x, Tensor repeats, int? dim)
    {
        if (dim is null) { x = Reshape.Forward(x, [-1]); dim = 0; }
        if (x.Rank == 0) x = Reshape.Forward(x, [1]);
        int d = Permute.Axis("RepeatInterleave", dim.Value, x.Rank);
        int n = x.Shape.Dims[d];
        int[] counts = Counts(repeats);
        if (counts.Length == 1 && n != 1) return Interleave(x, counts[0], d);
        if (counts.Length != n)
            throw new ArgumentException($"RepeatInterleave: repeats must have the same size as the input along dim {d} ({n}), got {counts.Length}.");
        return IndexSelect.Forward(x, d, Indices(counts));
    }

    /// <summary><c>torch.repeat_interleave(repeats)</c>: index i repeated <c>repeats[i]</c> times, as an Int32 tensor.</summary>
    public static Tensor Interleave(Tensor repeats) => Indices(Counts(repeats));

    private static int[] Counts(Tensor repeats)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        if (repeats.DType != DType.Int32)
            throw new ArgumentException($"RepeatInterleave expects Int32 repeats, got {repeats.DType}.");
        if (repeats.Rank > 1)
            throw new ArgumentException($"RepeatInterleave: repeats must be 0-dim or 1-D, got shape {repeats.Shape}.");
        int[] counts = repeats.ToArray<int>();
        foreach (int c in counts)
            if (c < 0) throw new ArgumentException($"RepeatInterleave: repeats must be non-negative, got {c}.");
        return counts;
    }

    private static Tensor Indices(int[] counts)
    {
        long total = 0;
        foreach (int c in counts) total += c;
        var idx = new int[total];
        int p = 0;
        for (int i = 0; i < counts.Length; i++)
            for (int j = 0; j < counts[i]; j++) idx[p++] = i;
        return Tensor.FromArray(idx);
    }
}
