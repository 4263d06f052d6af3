using DeepNotes.Kernels;

namespace DeepNotes.Ops.Indexing;

/// <summary>
/// <c>out = x</c> with <c>out[p with dimension dim replaced by index[p]] = src[p]</c> (<c>torch.scatter</c>), the
/// same with a scalar value, and the accumulating <c>torch.scatter_add</c>. Repeated indices: the last write in
/// row-major order of the index wins (PyTorch leaves it unspecified); additions run in that fixed order.
/// Backward (as PyTorch): scatter — x: g with the written positions zeroed, src: <c>g.gather(dim, index)</c>;
/// scatter_add — x: g, src: <c>g.gather(dim, index)</c>. A source larger than the index gets zeros beyond it.
/// </summary>
internal static class Scatter
{
    public static Tensor Assign(Tensor x, int dim, Tensor index, Tensor src)
    {
        var (xe, ie, se, d) = Validate("Scatter", x, dim, index, src);
        Tensor result = Apply(ScatterMode.Assign, "Scatter", x.CloneRaw(), d, ie, se);
        Shape srcShape = src.Shape;
        return Tensor.RecordDifferentiable(result, "ScatterBackward", [x, src], g =>
            [AssignValue(g, d, index, 0), IndexChecks.PadTo(Gather.Forward(g, d, index), srcShape)], index);
    }

    public static Tensor AssignValue(Tensor x, int dim, Tensor index, double value)
    {
        var (xe, ie, _, d) = Validate("Scatter", x, dim, index, null);
        Tensor result = Apply(ScatterMode.Assign, "Scatter", x.CloneRaw(), d, ie, ValueSource(value, x.DType, ie.Shape));
        return Tensor.RecordDifferentiable(result, "ScatterBackward", [x], g => [AssignValue(g, d, index, 0)], index);
    }

    public static Tensor Add(Tensor x, int dim, Tensor index, Tensor src)
    {
        x.CheckNumeric("ScatterAdd");
        var (xe, ie, se, d) = Validate("ScatterAdd", x, dim, index, src);
        Tensor result = Apply(ScatterMode.Add, "ScatterAdd", x.CloneRaw(), d, ie, se);
        Shape srcShape = src.Shape;
        return Tensor.RecordDifferentiable(result, "ScatterAddBackward", [x, src], g =>
            [g, IndexChecks.PadTo(Gather.Forward(g, d, index), srcShape)], index);
    }

    /// <summary>A 0-dim tensor holding <paramref name="value"/> broadcast (stride 0) over <paramref name="shape"/>.</summary>
    public static Tensor ValueSource(double value, DType dtype, Shape shape) => Expand.Raw(Tensor.Scalar(value, dtype), shape);

    /// <summary>
    /// PyTorch's scatter shape rules: index, x and src (when given) have the same rank (0-dim counts as 1-D); the index
    /// is no larger than src in any dimension and no larger than x outside <paramref name="dim"/>; values in
    /// [0, x.size(dim)). Returns rank ≥ 1 views and the normalised dimension.
    /// </summary>
    public static (Tensor X, Tensor Index, Tensor Src, int Dim) Validate(string op, Tensor x, int dim, Tensor index, Tensor? src)
    {
        IndexChecks.Int32Index(op, index);
        if (src is not null) Tensor.CheckSameDType(op, x, src);
        Tensor xe = IndexChecks.AtLeast1D(x), ie = IndexChecks.AtLeast1D(index);
        Tensor se = src is null ? ie : IndexChecks.AtLeast1D(src);
        if (ie.Rank != xe.Rank || se.Rank != xe.Rank)
            throw new ArgumentException(src is null
                ? $"{op}: the index {index.Shape} must have as many dimensions as the input {x.Shape}."
                : $"{op}: index {index.Shape}, input {x.Shape} and source {src.Shape} must have the same number of dimensions.", nameof(index));
        int d = Permute.Axis(op, dim, xe.Rank);
        for (int k = 0; k < xe.Rank; k++)
        {
            int n = ie.Shape.Dims[k];
            if (src is not null && n > se.Shape.Dims[k])
                throw new ArgumentException($"{op}: the index {index.Shape} is larger than the source {src.Shape} in dimension {k}.", nameof(index));
            if (k != d && n > xe.Shape.Dims[k])
                throw new ArgumentException(
                    $"{op}: the index {index.Shape} is larger than the input {x.Shape} in dimension {k} (only dimension {d} may be larger).", nameof(index));
        }
        IndexChecks.InRange(op, ie, d, xe.Shape.Dims[d], x.Shape);
        return (xe, ie, se, d);
    }

    /// <summary>
    /// Scatters <paramref name="src"/> (read over the index shape, any strides) into <paramref name="dst"/> in place
    /// (any strides, no overlap) without checks or autograd; returns <paramref name="dst"/>.
    /// </summary>
    public static Tensor Apply(ScatterMode mode, string op, Tensor dst, int d, Tensor index, Tensor src)
    {
        Tensor de = IndexChecks.AtLeast1D(dst);
        int[] ds = IndexChecks.WithoutDim(de, d, out int dimStride);
        switch (dst.DType)
        {
            case DType.Float32: Run<float>(mode, de, ds, dimStride, index, src); break;
            case DType.Float64: Run<double>(mode, de, ds, dimStride, index, src); break;
            case DType.Int32: Run<int>(mode, de, ds, dimStride, index, src); break;
            default:
                if (mode != ScatterMode.Assign)
                    throw new ArgumentException($"{op} expects a numeric tensor (Float32, Float64 or Int32), got Bool.");
                ScatterGather.Assign(index.Shape.Dims, index.Data<int>(), index.Offset, index.StrideArray,
                    src.Data<bool>(), src.Offset, src.StrideArray, de.Data<bool>(), de.Offset, ds, dimStride);
                break;
        }
        return dst;
    }

    private static void Run<T>(ScatterMode mode, Tensor dst, int[] ds, int dimStride, Tensor index, Tensor src)
        where T : unmanaged, System.Numerics.INumber<T> =>
        ScatterGather.Scatter(mode, index.Shape.Dims, index.Data<int>(), index.Offset, index.StrideArray,
            src.Data<T>(), src.Offset, src.StrideArray, dst.Data<T>(), dst.Offset, ds, dimStride);
}
