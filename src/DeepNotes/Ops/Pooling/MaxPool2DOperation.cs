using DeepNotes.Kernels;

namespace DeepNotes.Ops.Pooling;

/// <summary>
/// Max pooling over the last two dimensions (one for the 1-D form): each output is the largest input in its window,
/// padding counting as −∞. The index of each maximum (flat, within its <c>H × W</c> plane, like PyTorch's
/// <c>return_indices</c>) is saved, and backward sends each output's gradient to that element alone (summing where
/// overlapping windows share a maximum). Ties go to the first maximum in row-major scan order and NaN propagates, as in
/// PyTorch. Under <c>createGraph</c> that gradient is the recorded scatter-add <see cref="MaxUnpooling.PoolingGradient"/>
/// (its backward a gather at the same indices), so higher derivatives work; otherwise the fused kernel runs.
/// </summary>
internal static class MaxPool2DOperation
{
    public static Tensor Forward(Tensor x, PoolOptions options) => ForwardWithIndices(x, options).Output;

    public static (Tensor Output, Tensor Indices) ForwardWithIndices(Tensor x, PoolOptions options)
    {
        (PoolGeometry g, Shape outputShape) = options.Resolve(x);
        Tensor xc = x.ContiguousRaw();
        var y = ShapeMoves.Empty(outputShape, x.DType);
        var indices = ShapeMoves.Empty(outputShape, DType.Int32);
        if (x.DType == DType.Float32) MaxPooling.Forward(xc.Data<float>(), xc.Offset, y.Data<float>(), indices.Data<int>(), g);
        else MaxPooling.Forward(xc.Data<double>(), xc.Offset, y.Data<double>(), indices.Data<int>(), g);
        Shape inputShape = x.Shape;
        string name = options.OneD ? "MaxPool1DWithIndicesBackward" : "MaxPool2DWithIndicesBackward";
        int spatial = options.OneD ? 1 : 2;
        Tensor.RecordDifferentiable(y, name, [x], grad => [Autograd.IsCreatingGraph
            ? MaxUnpooling.PoolingGradient(name, grad, indices, inputShape, spatial)
            : Backward(grad, indices, inputShape, g)], indices);
        return (y, indices);
    }

    /// <summary>dL/dx from dL/dy and the saved argmax indices (also used by adaptive max pooling).</summary>
    public static Tensor Backward(Tensor grad, Tensor indices, Shape inputShape, PoolGeometry g)
    {
        Tensor gc = grad.ContiguousRaw();
        var dx = ShapeMoves.Empty(inputShape, grad.DType);
        if (grad.DType == DType.Float32) MaxPooling.Backward(gc.Data<float>(), gc.Offset, indices.Data<int>(), dx.Data<float>(), g);
        else MaxPooling.Backward(gc.Data<double>(), gc.Offset, indices.Data<int>(), dx.Data<double>(), g);
        return dx;
    }
}
