using System.Globalization;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Pooling;

/// <summary>
/// Max unpooling, the partial inverse of max pooling: <c>[*, in...]</c> values and their Int32 flat indices (as a max
/// pooling with indices returns them) become <c>[*, out...]</c> planes of zeros holding each value at its index (the
/// later value wins a shared index, as in PyTorch). Backward gathers the output gradient at the indices,
/// dx[p, i] = dy[p, indices[p, i]], which is PyTorch's rule; that gather is itself recorded, with its exact transpose
/// (a scatter-add) as backward, so <c>createGraph</c> passes differentiate through it. The caller (Functional) has
/// checked shapes and dtypes; indices out of range throw here.
/// </summary>
internal static class MaxUnpooling
{
    /// <summary>Unpools <paramref name="x"/> <c>[lead..., in...]</c> to <c>[lead..., outputSpatial...]</c>.</summary>
    public static Tensor Forward(string name, Tensor x, Tensor indices, int[] outputSpatial)
    {
        int spatial = outputSpatial.Length;
        Shape s = x.Shape;
        int[] dims = s.ToArray();
        int inputPlane = 1, outputPlane = 1, planes = 1;
        for (int d = 0; d < s.Rank - spatial; d++) planes *= s[d];
        for (int d = 0; d < spatial; d++)
        {
            inputPlane *= s[s.Rank - spatial + d];
            outputPlane *= outputSpatial[d];
            dims[s.Rank - spatial + d] = outputSpatial[d];
        }
        return Scatter(name, x, indices.ContiguousRaw(), new Shape(dims), planes, inputPlane, outputPlane, outputSpatial);
    }

    /// <summary>
    /// The input gradient of a max pooling from its saved flat argmax indices, as a recorded op (PyTorch's
    /// <c>max_pool2d_with_indices_backward</c>): dx = zeros of <paramref name="inputShape"/>, dx[p, indices[p, i]] +=
    /// grad[p, i], planes being the last <paramref name="spatial"/> dimensions. Its backward gathers at the same indices
    /// (and that gather's backward is this scatter-add again), so <c>createGraph</c> passes differentiate through it;
    /// the pooling ops call it only in such passes and keep their fused kernels otherwise.
    /// </summary>
    public static Tensor PoolingGradient(string name, Tensor grad, Tensor indices, Shape inputShape, int spatial)
    {
        int planes = 1, inputPlane = 1, pooledPlane = 1;
        for (int d = 0; d < inputShape.Rank - spatial; d++) planes *= inputShape[d];
        for (int d = inputShape.Rank - spatial; d < inputShape.Rank; d++)
        {
            inputPlane *= inputShape[d];
            pooledPlane *= grad.Shape[d];
        }
        return Scatter(name, grad, indices.ContiguousRaw(), inputShape, planes, pooledPlane, inputPlane, add: true, nodeName: name);
    }

    /// <summary>
    /// y = zeros of <paramref name="outputShape"/>; y[p, indices[p, i]] = x[p, i]; backward <see cref="Gather"/>. The
    /// scatter checks each index as it goes; an index out of range throws afterwards (the new output is dropped).
    /// </summary>
    private static Tensor Scatter(string name, Tensor x, Tensor indices, Shape outputShape, int planes, int inputPlane, int outputPlane,
        int[]? outputSpatial = null, bool add = false, string? nodeName = null)
    {
        Tensor xc = x.ContiguousRaw();
        var y = ShapeMoves.Empty(outputShape, x.DType);
        bool ok = x.DType == DType.Float32
            ? UnpoolScatter.Scatter(xc.Data<float>(), xc.Offset, indices.Data<int>(), indices.Offset, y.Data<float>(), planes, inputPlane, outputPlane, add)
            : UnpoolScatter.Scatter(xc.Data<double>(), xc.Offset, indices.Data<int>(), indices.Offset, y.Data<double>(), planes, inputPlane, outputPlane, add);
        if (!ok)
        {
            int bad = UnpoolScatter.FirstInvalid(indices.Data<int>().AsSpan(indices.Offset, indices.ElementCount), outputPlane) ?? -1;
            string size = outputSpatial is null ? outputShape.ToString() : $"[{string.Join(", ", outputSpatial)}]";
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{name}: found an invalid max index {bad}; the output planes of {size} hold {outputPlane} elements (indices must be in [0, {outputPlane}))."),
                nameof(indices));
        }
        Shape inputShape = x.Shape;
        return Tensor.RecordDifferentiable(y, nodeName ?? (add ? name + "GatherBackwardBackward" : name + "Backward"), [x],
            grad => [Gather(name, grad, indices, inputShape, planes, inputPlane, outputPlane)], indices);
    }

    /// <summary>dx[p, i] = grad[p, indices[p, i]], shaped <paramref name="inputShape"/>; its backward is <see cref="Scatter"/> adding.</summary>
    private static Tensor Gather(string name, Tensor grad, Tensor indices, Shape inputShape, int planes, int inputPlane, int outputPlane)
    {
        Tensor gc = grad.ContiguousRaw();
        var dx = ShapeMoves.Empty(inputShape, grad.DType);
        if (grad.DType == DType.Float32)
            UnpoolScatter.Gather(gc.Data<float>(), gc.Offset, indices.Data<int>(), indices.Offset, dx.Data<float>(), planes, inputPlane, outputPlane);
        else
            UnpoolScatter.Gather(gc.Data<double>(), gc.Offset, indices.Data<int>(), indices.Offset, dx.Data<double>(), planes, inputPlane, outputPlane);
        Shape outputShape = grad.Shape;
        return Tensor.RecordDifferentiable(dx, name + "GatherBackward", [grad],
            gg => [Scatter(name, gg, indices, outputShape, planes, inputPlane, outputPlane, add: true)], indices);
    }
}
