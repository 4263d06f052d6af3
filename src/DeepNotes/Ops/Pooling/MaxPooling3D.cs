using DeepNotes.Kernels;

namespace DeepNotes.Ops.Pooling;

/// <summary>
/// Max pooling over the last three dimensions of <c>[N, C, D, H, W]</c> (or <c>[C, D, H, W]</c>): each output is the
/// largest input in its window, padding counting as −∞. The index of each maximum (flat within its <c>D × H × W</c>
/// volume, <c>d·H·W + h·W + w</c>, like PyTorch's <c>return_indices</c>) is saved, and backward sends each output's
/// gradient to that element alone (summing where overlapping windows share a maximum). Ties go to the first maximum in
/// scan order (depth, row, column) and NaN propagates, as in PyTorch. Under <c>createGraph</c> the gradient is the
/// recorded scatter-add <see cref="MaxUnpooling.PoolingGradient"/>, so higher derivatives work.
/// </summary>
internal static class MaxPooling3D
{
    public static (Tensor Output, Tensor Indices) Forward(Tensor x, Pool3DOptions options)
    {
        (Pool3DGeometry g, Shape outputShape) = options.Resolve(x);
        Tensor xc = x.ContiguousRaw();
        var y = ShapeMoves.Empty(outputShape, x.DType);
        var indices = ShapeMoves.Empty(outputShape, DType.Int32);
        if (x.DType == DType.Float32) Pool3DMax.Forward(xc.Data<float>(), xc.Offset, y.Data<float>(), indices.Data<int>(), g);
        else Pool3DMax.Forward(xc.Data<double>(), xc.Offset, y.Data<double>(), indices.Data<int>(), g);
        Shape inputShape = x.Shape;
        Tensor.RecordDifferentiable(y, "MaxPool3DWithIndicesBackward", [x], grad =>
        {
            if (Autograd.IsCreatingGraph) return [MaxUnpooling.PoolingGradient("MaxPool3DWithIndicesBackward", grad, indices, inputShape, 3)];
            Tensor gc = grad.ContiguousRaw();
            var dx = ShapeMoves.Empty(inputShape, grad.DType);
            if (grad.DType == DType.Float32) Pool3DMax.Backward(gc.Data<float>(), gc.Offset, indices.Data<int>(), dx.Data<float>(), g);
            else Pool3DMax.Backward(gc.Data<double>(), gc.Offset, indices.Data<int>(), dx.Data<double>(), g);
            return [dx];
        }, indices);
        return (y, indices);
    }
}
