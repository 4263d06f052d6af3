using DeepNotes.Kernels;

namespace DeepNotes.Ops.Indexing;

/// <summary>
/// <c>out[p] = x[p with dimension dim replaced by index[p]]</c>, like <c>torch.gather</c>, and
/// <c>torch.take_along_dim</c> built on it. Backward: the gradient scatter-added back at the gathered positions
/// (<see cref="Scatter.Add"/> into zeros, so repeated indices accumulate).
/// </summary>
internal static class Gather
{
    public static Tensor Forward(Tensor x, int dim, Tensor index)
    {
        IndexChecks.Int32Index("Gather", index);
        Tensor xe = IndexChecks.AtLeast1D(x), ie = IndexChecks.AtLeast1D(index);
        if (ie.Rank != xe.Rank)
            throw new ArgumentException($"Gather: the index {index.Shape} must have as many dimensions as the input {x.Shape}.", nameof(index));
        int d = Permute.Axis("Gather", dim, xe.Rank);
        for (int k = 0; k < xe.Rank; k++)
            if (k != d && ie.Shape.Dims[k] > xe.Shape.Dims[k])
                throw new ArgumentException(
                    $"Gather: the index {index.Shape} is larger than the input {x.Shape} in dimension {k} (only dimension {d} may be larger).", nameof(index));
        IndexChecks.InRange("Gather", ie, d, xe.Shape.Dims[d], x.Shape);
        Tensor result = Raw(xe, d, ie);
        if (index.Rank == 0) result = result.View(Shape.Scalar, [], 0);
        Shape xShape = x.Shape;
        return Tensor.RecordDifferentiable(result, "GatherBackward", [x],
            g => [Scatter.Add(Tensor.Zeros(xShape, g.DType), d, index, g)], index);
    }

    /// <summary>
    /// <c>torch.take_along_dim</c>: with a dimension, input and indices (same rank) broadcast together in every other
    /// dimension, then <see cref="Forward"/>; without one, both are flattened.
    /// </summary>
    public static Tensor TakeAlongDim(Tensor x, Tensor indices, int? dim)
    {
        IndexChecks.Int32Index("TakeAlongDim", indices);
        if (dim is null) return Forward(Reshape.Forward(x, [-1]), 0, Reshape.Forward(indices, [-1]));
        if (x.Rank != indices.Rank)
            throw new ArgumentException(
                $"TakeAlongDim: input {x.Shape} and indices {indices.Shape} must have the same number of dimensions.", nameof(indices));
        if (x.Rank == 0) return Forward(x, 0, indices);
        int d = Permute.Axis("TakeAlongDim", dim.Value, x.Rank);
        var xs = x.Shape.ToArray();
        var js = indices.Shape.ToArray();
        xs[d] = 1;
        js[d] = 1;
        var common = ElementwiseBinary.BroadcastShape("TakeAlongDim", new Shape(xs), new Shape(js)).ToArray();
        var xTarget = (int[])common.Clone();
        var iTarget = (int[])common.Clone();
        xTarget[d] = x.Shape.Dims[d];
        iTarget[d] = indices.Shape.Dims[d];
        return Forward(Expand.Forward(x, xTarget), d, Expand.Raw(indices, new Shape(iTarget)));
    }

    /// <summary>The gather without checks or autograd; <paramref name="x"/> and <paramref name="index"/> have rank ≥ 1.</summary>
    public static Tensor Raw(Tensor x, int d, Tensor index)
    {
        var result = new Tensor(index.Shape, x.DType);
        int[] xs = IndexChecks.WithoutDim(x, d, out int dimStride);
        switch (x.DType)
        {
            case DType.Float32: Run<float>(x, xs, dimStride, index, result); break;
            case DType.Float64: Run<double>(x, xs, dimStride, index, result); break;
            case DType.Int32: Run<int>(x, xs, dimStride, index, result); break;
            default: Run<bool>(x, xs, dimStride, index, result); break;
        }
        return result;
    }

    private static void Run<T>(Tensor x, int[] xs, int dimStride, Tensor index, Tensor result) where T : unmanaged =>
        ScatterGather.Gather(index.Shape.Dims, index.Data<int>(), index.Offset, index.StrideArray,
            x.Data<T>(), x.Offset, xs, dimStride, result.Data<T>(), result.Offset, result.StrideArray);
}
