using DeepNotes.Kernels;

namespace DeepNotes.Ops.Pooling;

/// <summary>
/// Average pooling over the last three dimensions of <c>[N, C, D, H, W]</c> (or <c>[C, D, H, W]</c>) with PyTorch's
/// divisor rules (see <see cref="Pool3DAvg"/>): the zero padding counts in the divisor by default
/// (<c>count_include_pad</c>), windows being first clipped to the padded input in ceil mode; without it only real
/// elements count; a divisor override replaces both. Backward spreads each output's gradient / divisor over the real
/// elements of its window; under <c>createGraph</c> that spreading is a recorded op whose backward is this pooling again
/// (<see cref="AdjointPooling"/>), so higher derivatives work.
/// </summary>
internal static class AvgPooling3D
{
    public static Tensor Forward(Tensor x, Pool3DOptions options, bool countIncludePad, int? divisorOverride)
    {
        int divisor = divisorOverride ?? 0;
        (Pool3DGeometry g, Shape outputShape) = options.Resolve(x, AvgPool2DOperation.Extra(countIncludePad, divisorOverride));
        Shape inputShape = x.Shape;
        return AdjointPooling.Forward("AvgPool3DBackward", x, t =>
        {
            Tensor tc = t.ContiguousRaw();
            var pooled = ShapeMoves.Empty(outputShape, t.DType);
            if (t.DType == DType.Float32) Pool3DAvg.Forward(tc.Data<float>(), tc.Offset, pooled.Data<float>(), g, countIncludePad, divisor);
            else Pool3DAvg.Forward(tc.Data<double>(), tc.Offset, pooled.Data<double>(), g, countIncludePad, divisor);
            return pooled;
        }, grad =>
        {
            Tensor gc = grad.ContiguousRaw();
            var dx = ShapeMoves.Empty(inputShape, grad.DType);
            if (grad.DType == DType.Float32) Pool3DAvg.Backward(gc.Data<float>(), gc.Offset, dx.Data<float>(), g, countIncludePad, divisor);
            else Pool3DAvg.Backward(gc.Data<double>(), gc.Offset, dx.Data<double>(), g, countIncludePad, divisor);
            return dx;
        });
    }
}
