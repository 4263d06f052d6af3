using DeepNotes.Ops.Indexing;

namespace DeepNotes.Ops.Sorting;

/// <summary>
/// The backward shared by the ops that pick values along a dimension (sort, top-k, k-th value, median, mode, cumulative
/// and plain extremes): the gradient of the picked values is scatter-added into zeros at the positions they came from,
/// with the indexing ops' <see cref="Scatter.Add"/> (itself differentiable, so higher orders work).
/// </summary>
internal static class AxisGather
{
    /// <summary>
    /// Records on <paramref name="values"/> (picked from <paramref name="x"/> at <paramref name="indices"/> along
    /// <paramref name="dim"/>, that dimension dropped unless <paramref name="keptDim"/>) the backward that scatters g
    /// into those positions.
    /// </summary>
    public static Tensor RecordPicked(Tensor values, string name, Tensor x, int dim, Tensor indices, bool keptDim)
    {
        if (!Tensor.NeedsGrad(x)) return values;
        Shape shape = x.Shape;
        if (shape.Rank == 0) return Tensor.RecordDifferentiable(values, name, [x], g => [Reshape.Forward(g, shape)]);
        Tensor index = keptDim ? indices : Squeeze.Unsqueeze(indices, dim);
        return Tensor.RecordDifferentiable(values, name, [x], g =>
        {
            Tensor gk = keptDim ? g : Reshape.Forward(g, index.Shape.ToArray());
            return [Scatter.Add(Tensor.Zeros(shape, gk.DType), dim, index, gk)];
        }, indices);
    }
}
