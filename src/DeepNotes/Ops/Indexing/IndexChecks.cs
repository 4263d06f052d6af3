using DeepNotes.Kernels;

namespace DeepNotes.Ops.Indexing;

/// <summary>Validation and small layout helpers shared by the indexing ops: index dtype, index range, 0-dim handling, padding.</summary>
internal static class IndexChecks
{
    /// <summary>
    /// <paramref name="index"/> as an Int32 tensor: itself when Int32, a converted copy when Int64 (a value outside the
    /// Int32 range throws, naming it, instead of wrapping); any other dtype throws.
    /// </summary>
    public static Tensor AsInt32Index(string op, Tensor index, string what = "index")
    {
        if (index.DType == DType.Int32) return index;
        if (index.DType != DType.Int64)
            throw new ArgumentException($"{op} expects an Int32 or Int64 {what} tensor, got {index.DType}.", nameof(index));
        Tensor src = index.ContiguousRaw();
        var result = new Tensor(index.Shape, DType.Int32);
        Int64Kernels.ToIndices(op, src.Span<long>(), result.Span<int>());
        return result;
    }

    /// <summary>Throws unless <paramref name="mask"/> is a Bool tensor.</summary>
    public static void BoolMask(string op, Tensor mask)
    {
        if (mask.DType != DType.Bool)
            throw new ArgumentException($"{op} expects a Bool mask, got {mask.DType}; build it with a comparison such as Greater.", nameof(mask));
    }

    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> naming the first index value outside [low, size) — its position in
    /// the index tensor, the dimension and its size — where low is −size when <paramref name="allowNegative"/>, else 0.
    /// </summary>
    public static void InRange(string op, Tensor index, int dim, int size, Shape inputShape, bool allowNegative = false)
    {
        int low = allowNegative ? -size : 0;
        int bad = ScatterGather.FindOutOfRange(index.Shape.Dims, index.Data<int>(), index.Offset, index.StrideArray, low, size);
        if (bad < 0) return;
        int value = (int)index.GetRaw(bad);
        string where = index.Rank == 0 ? "" : $" at position [{string.Join(", ", Unravel(bad, index.Shape))}]";
        throw new ArgumentOutOfRangeException(nameof(index), value,
            $"{op}: index {value}{where} is out of range for dimension {dim} of size {size} (input shape {inputShape}; valid: {low}..{size - 1}).");
    }

    /// <summary>A 0-dim tensor seen as a 1-D tensor of one element (a view); others unchanged. PyTorch's scatter/gather do the same.</summary>
    public static Tensor AtLeast1D(Tensor t) => t.Rank == 0 ? t.View(new Shape(1), [1], t.Offset) : t;

    /// <summary>The strides of <paramref name="t"/> with dimension <paramref name="dim"/> set to 0, and the stride that was there.</summary>
    public static int[] WithoutDim(Tensor t, int dim, out int dimStride)
    {
        var s = (int[])t.StrideArray.Clone();
        dimStride = s[dim];
        s[dim] = 0;
        return s;
    }

    /// <summary>
    /// <paramref name="g"/> (shape ≤ <paramref name="shape"/> in every dimension) padded with zeros at the end of each
    /// dimension to <paramref name="shape"/>, differentiably (a gradient for a source larger than its index).
    /// </summary>
    public static Tensor PadTo(Tensor g, Shape shape)
    {
        if (g.Shape == shape) return g;
        if (g.Rank == 0 || shape.Rank == 0) return Reshape.Forward(g, shape.ToArray());
        for (int d = 0; d < shape.Rank; d++)
        {
            int missing = shape.Dims[d] - g.Shape.Dims[d];
            if (missing <= 0) continue;
            var zdims = g.Shape.ToArray();
            zdims[d] = missing;
            g = Concat.Forward([g, Tensor.Zeros(new Shape(zdims), g.DType)], d);
        }
        return g;
    }

    /// <summary>Throws when an in-place write would land on storage that several elements share (a stride-0 expanded view).</summary>
    public static void NoInternalOverlap(string op, Tensor t)
    {
        for (int d = 0; d < t.Rank; d++)
            if (t.StrideArray[d] == 0 && t.Shape.Dims[d] > 1)
                throw new InvalidOperationException(
                    $"{op}: the tensor being written ({t.Shape}, strides [{string.Join(", ", t.StrideArray)}]) has several elements sharing one memory location; Clone() it first.");
    }

    /// <summary>Throws when an in-place op is given a source that requires grad while grad mode is on (in-place ops record no graph).</summary>
    public static void SourceWithoutGrad(string op, Tensor source)
    {
        if (source.RequiresGrad && Autograd.IsGradEnabled)
            throw new InvalidOperationException(
                $"{op}: the source requires grad, but an in-place op records no graph, so its gradient would be lost; use the out-of-place form (without InPlace) or run inside Autograd.NoGrad().");
    }

    /// <summary>The multi-index of row-major position <paramref name="flat"/> in <paramref name="shape"/>.</summary>
    public static int[] Unravel(int flat, Shape shape)
    {
        var idx = new int[shape.Rank];
        for (int d = shape.Rank - 1; d >= 0; d--)
        {
            idx[d] = flat % shape.Dims[d];
            flat /= shape.Dims[d];
        }
        return idx;
    }
}
