using DeepNotes.Kernels;

namespace DeepNotes.Ops.Pooling;

/// <summary>
/// Adaptive average and max pooling of <c>[N, C, D, H, W]</c> (or <c>[C, D, H, W]</c>) to a fixed output size: output
/// (i, j, k) pools depths [⌊i·D/OD⌋, ⌈(i+1)·D/OD⌉) and the same for rows and columns, as in PyTorch (windows overlap when
/// the sizes do not divide). Average backward spreads each output's gradient / window size over its window; max backward
/// sends it to the saved argmax (flat within the volume; the first maximum in scan order on a tie, NaN propagates). Both
/// backward functions are differentiable ops under <c>createGraph</c> (<see cref="AdjointPooling"/>,
/// <see cref="MaxUnpooling.PoolingGradient"/>) and the fused kernels otherwise.
/// </summary>
internal static class AdaptivePooling3D
{
    public static Tensor Average(Tensor x, Adaptive3DOptions options)
    {
        (Pool3DGeometry g, Shape outputShape) = options.Resolve(x);
        Shape inputShape = x.Shape;
        return AdjointPooling.Forward("AdaptiveAvgPool3DBackward", x, t =>
        {
            Tensor tc = t.ContiguousRaw();
            var pooled = ShapeMoves.Empty(outputShape, t.DType);
            if (t.DType == DType.Float32) Pool3DAvg.AdaptiveForward(tc.Data<float>(), tc.Offset, pooled.Data<float>(), g);
            else Pool3DAvg.AdaptiveForward(tc.Data<double>(), tc.Offset, pooled.Data<double>(), g);
            return pooled;
        }, grad =>
        {
            Tensor gc = grad.ContiguousRaw();
            var dx = ShapeMoves.Empty(inputShape, grad.DType);
            if (grad.DType == DType.Float32) Pool3DAvg.AdaptiveBackward(gc.Data<float>(), gc.Offset, dx.Data<float>(), g);
            else Pool3DAvg.AdaptiveBackward(gc.Data<double>(), gc.Offset, dx.Data<double>(), g);
            return dx;
        });
    }

    public static (Tensor Output, Tensor Indices) Max(Tensor x, Adaptive3DOptions options)
    {
        (Pool3DGeometry g, Shape outputShape) = options.Resolve(x);
        Tensor xc = x.ContiguousRaw();
        var y = ShapeMoves.Empty(outputShape, x.DType);
        var indices = ShapeMoves.Empty(outputShape, DType.Int32);
        if (x.DType == DType.Float32) Pool3DMax.AdaptiveForward(xc.Data<float>(), xc.Offset, y.Data<float>(), indices.Data<int>(), g);
        else Pool3DMax.AdaptiveForward(xc.Data<double>(), xc.Offset, y.Data<double>(), indices.Data<int>(), g);
        Shape inputShape = x.Shape;
        Tensor.RecordDifferentiable(y, "AdaptiveMaxPool3DBackward", [x], grad => [Autograd.IsCreatingGraph
            ? MaxUnpooling.PoolingGradient("AdaptiveMaxPool3DBackward", grad, indices, inputShape, 3)
            : MaxPool2DOperation.Backward(grad, indices, inputShape, g.Flat)], indices);
        return (y, indices);
    }
}
