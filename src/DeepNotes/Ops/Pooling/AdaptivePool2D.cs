using DeepNotes.Kernels;

namespace DeepNotes.Ops.Pooling;

/// <summary>
/// Adaptive average and max pooling to a fixed output size: output (i, j) pools rows [⌊i·H/OH⌋, ⌈(i+1)·H/OH⌉) and the
/// same for columns, as in PyTorch (windows overlap when the sizes do not divide). The 1-D forms are the 2-D ones over
/// <c>[N, C, 1, L]</c> (see <see cref="AdaptiveOptions"/>). Average backward spreads each output's gradient / window
/// size over its window; max backward sends it to the saved argmax (first maximum in row-major order on a tie). Both
/// backward functions are differentiable ops under <c>createGraph</c> (<see cref="AdjointPooling"/>,
/// <see cref="MaxUnpooling.PoolingGradient"/>) and the fused kernels otherwise.
/// </summary>
internal static class AdaptivePool2D
{
    public static Tensor Average(Tensor x, AdaptiveOptions options)
    {
        (PoolGeometry g, Shape outputShape) = options.Resolve(x);
        Shape inputShape = x.Shape;
        return AdjointPooling.Forward(options.OneD ? "AdaptiveAvgPool1DBackward" : "AdaptiveAvgPool2DBackward", x, t =>
        {
            Tensor tc = t.ContiguousRaw();
            var pooled = ShapeMoves.Empty(outputShape, t.DType);
            if (t.DType == DType.Float32) AvgPooling.AdaptiveForward(tc.Data<float>(), tc.Offset, pooled.Data<float>(), g);
            else AvgPooling.AdaptiveForward(tc.Data<double>(), tc.Offset, pooled.Data<double>(), g);
            return pooled;
        }, grad =>
        {
            Tensor gc = grad.ContiguousRaw();
            var dx = ShapeMoves.Empty(inputShape, grad.DType);
            if (grad.DType == DType.Float32) AvgPooling.AdaptiveBackward(gc.Data<float>(), gc.Offset, dx.Data<float>(), g);
            else AvgPooling.AdaptiveBackward(gc.Data<double>(), gc.Offset, dx.Data<double>(), g);
            return dx;
        });
    }

    public static (Tensor Output, Tensor Indices) Max(Tensor x, AdaptiveOptions options)
    {
        (PoolGeometry g, Shape outputShape) = options.Resolve(x);
        Tensor xc = x.ContiguousRaw();
        var y = ShapeMoves.Empty(outputShape, x.DType);
        var indices = ShapeMoves.Empty(outputShape, DType.Int32);
        if (x.DType == DType.Float32) MaxPooling.AdaptiveForward(xc.Data<float>(), xc.Offset, y.Data<float>(), indices.Data<int>(), g);
        else MaxPooling.AdaptiveForward(xc.Data<double>(), xc.Offset, y.Data<double>(), indices.Data<int>(), g);
        Shape inputShape = x.Shape;
        string name = options.OneD ? "AdaptiveMaxPool1DBackward" : "AdaptiveMaxPool2DBackward";
        int spatial = options.OneD ? 1 : 2;
        Tensor.RecordDifferentiable(y, name, [x], grad => [Autograd.IsCreatingGraph
            ? MaxUnpooling.PoolingGradient(name, grad, indices, inputShape, spatial)
            : MaxPool2DOperation.Backward(grad, indices, inputShape, g)], indices);
        return (y, indices);
    }
}
