using DeepNotes.Kernels;

namespace DeepNotes.Ops.Pooling;

/// <summary>
/// Adaptive average and max pooling to a fixed output size: output (i, j) pools rows [⌊i·H/OH⌋, ⌈(i+1)·H/OH⌉) and the
/// same for columns, as in PyTorch (windows overlap when the sizes do not divide). Average backward spreads each
/// output's gradient / window size over its window; max backward sends it to the saved argmax (first maximum in
/// row-major order on a tie).
/// </summary>
internal static class AdaptivePool2D
{
    public static Tensor Average(Tensor x, int outputHeight, int outputWidth, string name = "AdaptiveAvgPool2D")
    {
        (PoolGeometry g, Shape outputShape) = Resolve(x, outputHeight, outputWidth, name);
        Tensor xc = x.ContiguousRaw();
        var y = PoolBuffers.Uninitialized(outputShape, x.DType);
        if (x.DType == DType.Float32) AvgPooling.AdaptiveForward(xc.Data<float>(), xc.Offset, y.Data<float>(), g);
        else AvgPooling.AdaptiveForward(xc.Data<double>(), xc.Offset, y.Data<double>(), g);
        Shape inputShape = x.Shape;
        return Tensor.Record(y, "AdaptiveAvgPool2DBackward", [x], grad =>
        {
            Tensor gc = grad.ContiguousRaw();
            var dx = PoolBuffers.Uninitialized(inputShape, grad.DType);
            if (grad.DType == DType.Float32) AvgPooling.AdaptiveBackward(gc.Data<float>(), gc.Offset, dx.Data<float>(), g);
            else AvgPooling.AdaptiveBackward(gc.Data<double>(), gc.Offset, dx.Data<double>(), g);
            return [dx];
        });
    }

    public static (Tensor Output, Tensor Indices) Max(Tensor x, int outputHeight, int outputWidth)
    {
        (PoolGeometry g, Shape outputShape) = Resolve(x, outputHeight, outputWidth, "AdaptiveMaxPool2D");
        Tensor xc = x.ContiguousRaw();
        var y = PoolBuffers.Uninitialized(outputShape, x.DType);
        var indices = PoolBuffers.Uninitialized(outputShape, DType.Int32);
        if (x.DType == DType.Float32) MaxPooling.AdaptiveForward(xc.Data<float>(), xc.Offset, y.Data<float>(), indices.Data<int>(), g);
        else MaxPooling.AdaptiveForward(xc.Data<double>(), xc.Offset, y.Data<double>(), indices.Data<int>(), g);
        Shape inputShape = x.Shape;
        Tensor.Record(y, "AdaptiveMaxPool2DBackward", [x], grad => [MaxPool2D.Backward(grad, indices, inputShape, g)], indices);
        return (y, indices);
    }

    /// <summary>Checks the sizes and the input (<c>[N, C, H, W]</c> or <c>[C, H, W]</c>, floating point, H, W ≥ 1).</summary>
    private static (PoolGeometry, Shape) Resolve(Tensor x, int oh, int ow, string name)
    {
        ArgumentNullException.ThrowIfNull(x);
        string describe = oh == 1 && ow == 1 && name == "GlobalAvgPool2D" ? "GlobalAvgPool2D()" : $"{name}(output {oh}x{ow})";
        if (oh <= 0 || ow <= 0)
            throw new ArgumentException($"{name}: output size must be positive, got {oh}x{ow}.");
        x.CheckFloatingPoint(name);
        Shape s = x.Shape;
        if (s.Rank is not (3 or 4) || s[-2] < 1 || s[-1] < 1)
            throw new ArgumentException($"{describe} expects input [N, C, H, W] or [C, H, W] with H, W >= 1, got {s}");
        int planes = s.Rank == 4 ? s[0] * s[1] : s[0];
        int[] dims = s.ToArray();
        dims[^2] = oh;
        dims[^1] = ow;
        // kernel fields 0: no sliding window (keeps the 2x2 fast path away from adaptive indices)
        return (new PoolGeometry(planes, s[-2], s[-1], oh, ow, 0, 0, 0, 0, 0, 0, 1, 1), new Shape(dims));
    }
}
