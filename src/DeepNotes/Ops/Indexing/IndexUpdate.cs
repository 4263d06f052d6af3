using DeepNotes.Kernels;

namespace DeepNotes.Ops.Indexing;

/// <summary>
/// Whole slices of one dimension updated at a 1-D index: <c>torch.index_add</c> (x + alpha·source at the indexed
/// slices, repeats accumulate in index order), <c>index_copy</c> (the last repeat wins) and <c>index_fill</c>
/// (negative indices allowed, as PyTorch). Each runs as a scatter with the index broadcast (stride 0) over the
/// slice shape. Backward: index_add — x: g, source: alpha·g.index_select(dim, index); index_copy — x: g with the
/// indexed slices zeroed, source: g.index_select(dim, index); index_fill — x: g with the indexed slices zeroed,
/// a 0-dim value tensor: the sum of g over the (distinct) indexed slices (a fixed 0/1 mask times g, so differentiable).
/// </summary>
internal static class IndexUpdate
{
    public static Tensor Add(Tensor x, int dim, Tensor index, Tensor source, double alpha)
    {
        x.CheckNumeric("IndexAdd");
        if (x.DType.IsInteger() && alpha != Math.Floor(alpha))
            throw new ArgumentException($"IndexAdd: alpha must be an integer for an {x.DType} tensor, got {alpha}.", nameof(alpha));
        var (d, wide) = Prepare("IndexAdd", x, dim, index, source, allowNegative: false);
        Tensor src = IndexChecks.AtLeast1D(source);
        if (alpha != 1) src = Ops.Multiply.Forward(src.Detach(), Tensor.Scalar(alpha, x.DType));
        Tensor result = Scatter.Apply(ScatterMode.Add, "IndexAdd", x.CloneRaw(), d, wide, src);
        Shape sourceShape = source.Shape;
        return Tensor.RecordDifferentiable(result, "IndexAddBackward", [x, source], g =>
        {
            Tensor gs = Reshape.Forward(Gather.Forward(IndexChecks.AtLeast1D(g), d, wide), sourceShape.ToArray());
            return [g, alpha == 1 ? gs : Ops.Multiply.Forward(gs, Tensor.Scalar(alpha, g.DType))];
        }, index);
    }

    public static Tensor Copy(Tensor x, int dim, Tensor index, Tensor source)
    {
        var (d, wide) = Prepare("IndexCopy", x, dim, index, source, allowNegative: false);
        Tensor result = Scatter.Apply(ScatterMode.Assign, "IndexCopy", x.CloneRaw(), d, wide, IndexChecks.AtLeast1D(source));
        Shape sourceShape = source.Shape;
        return Tensor.RecordDifferentiable(result, "IndexCopyBackward", [x, source], g =>
            [Zeroed(g, d, wide), Reshape.Forward(Gather.Forward(IndexChecks.AtLeast1D(g), d, wide), sourceShape.ToArray())], index);
    }

    public static Tensor Fill(Tensor x, int dim, Tensor index, double value)
    {
        var (d, wide) = Prepare("IndexFill", x, dim, index, null, allowNegative: true);
        Tensor result = Scatter.Apply(ScatterMode.Assign, "IndexFill", x.CloneRaw(), d, wide, Scatter.ValueSource(value, x.DType, wide.Shape));
        return Tensor.RecordDifferentiable(result, "IndexFillBackward", [x], g => [Zeroed(g, d, wide)], index);
    }

    public static Tensor Fill(Tensor x, int dim, Tensor index, Tensor value)
    {
        if (value.Rank != 0)
            throw new ArgumentException($"IndexFill expects a 0-dim value tensor, got shape {value.Shape}.", nameof(value));
        Tensor.CheckSameDType("IndexFill", x, value);
        var (d, wide) = Prepare("IndexFill", x, dim, index, null, allowNegative: true);
        Tensor result = Scatter.Apply(ScatterMode.Assign, "IndexFill", x.CloneRaw(), d, wide, Ops.Expand.Raw(value, wide.Shape));
        return Tensor.RecordDifferentiable(result, "IndexFillBackward", [x, value], g =>
        {
            // each distinct indexed slice once: mark the slices, then sum g over them
            Tensor marked = Scatter.Apply(ScatterMode.Assign, "IndexFill", Tensor.Zeros(IndexChecks.AtLeast1D(g).Shape, g.DType), d, wide,
                Scatter.ValueSource(1, g.DType, wide.Shape));
            return [Zeroed(g, d, wide), Sum.Forward(Ops.Multiply.Forward(IndexChecks.AtLeast1D(g), marked), null, false)];
        }, index);
    }

    /// <summary>g with the indexed slices set to zero (differentiable in g).</summary>
    private static Tensor Zeroed(Tensor g, int d, Tensor wide)
    {
        Tensor ge = IndexChecks.AtLeast1D(g);
        Tensor z = Scatter.AssignValue(ge, d, wide, 0);
        return g.Rank == 0 ? Reshape.Forward(z, []) : z;
    }

    /// <summary>
    /// Checks the index (Int32, 0-dim or 1-D, in range) and the source (x's shape with <c>len(index)</c> at dim) and
    /// returns the normalised dimension and the index as a stride-0 view over the slice shape, non-negative.
    /// </summary>
    public static (int Dim, Tensor Wide) Prepare(string op, Tensor x, int dim, Tensor index, Tensor? source, bool allowNegative)
    {
        index = IndexChecks.AsInt32Index(op, index);
        if (index.Rank > 1)
            throw new ArgumentException($"{op} expects a 0-dim or 1-D index tensor, got shape {index.Shape}.", nameof(index));
        if (source is not null) Tensor.CheckSameDType(op, x, source);
        Tensor xe = IndexChecks.AtLeast1D(x);
        int d = Permute.Axis(op, dim, xe.Rank);
        int n = index.ElementCount;
        var target = xe.Shape.ToArray();
        target[d] = n;
        if (source is not null)
        {
            Tensor se = IndexChecks.AtLeast1D(source);
            if (se.Shape != new Shape(target))
                throw new ArgumentException(
                    $"{op}: the source must have the input's shape {x.Shape} with {n} (the number of indices) in dimension {d}, i.e. [{string.Join(", ", target)}]; got {source.Shape}.", nameof(source));
        }
        int size = xe.Shape.Dims[d];
        Tensor flat = IndexChecks.AtLeast1D(index);
        IndexChecks.InRange(op, flat, d, size, x.Shape, allowNegative);
        if (allowNegative)
        {
            int[] values = flat.ToArray<int>();
            for (int i = 0; i < values.Length; i++) if (values[i] < 0) values[i] += size;
            flat = Tensor.FromArray(values);
        }
        var strides = new int[xe.Rank];
        strides[d] = flat.StrideArray[0];
        Tensor wide = flat.View(new Shape(target), strides, flat.Offset);
        return (d, wide);
    }
}
