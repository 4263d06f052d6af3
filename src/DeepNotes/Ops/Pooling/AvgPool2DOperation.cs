using System.Globalization;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Pooling;

/// <summary>
/// Average pooling over the last two dimensions (one for the 1-D form), with PyTorch's divisor rules: by default the
/// zero padding counts in the divisor (<c>count_include_pad</c>), windows being first clipped to the padded input in
/// ceil mode; without it only real elements count; a divisor override replaces both. Backward spreads each output's
/// gradient / divisor over the real elements of its window; under <c>createGraph</c> that spreading is a recorded op whose
/// backward is this pooling again (<see cref="AdjointPooling"/>), so higher derivatives work.
/// </summary>
internal static class AvgPool2DOperation
{
    public static Tensor Forward(Tensor x, PoolOptions options, bool countIncludePad, int? divisorOverride)
    {
        if (divisorOverride == 0) throw new ArgumentException($"{options.Name}: divisor override must not be zero.");
        int divisor = divisorOverride ?? 0;
        string? extra = Extra(countIncludePad, divisorOverride);
        (PoolGeometry g, Shape outputShape) = options.Resolve(x, extra);
        Shape inputShape = x.Shape;
        return AdjointPooling.Forward(options.OneD ? "AvgPool1DBackward" : "AvgPool2DBackward", x, t =>
        {
            Tensor tc = t.ContiguousRaw();
            var pooled = ShapeMoves.Empty(outputShape, t.DType);
            if (t.DType == DType.Float32) AvgPooling.Forward(tc.Data<float>(), tc.Offset, pooled.Data<float>(), g, countIncludePad, divisor);
            else AvgPooling.Forward(tc.Data<double>(), tc.Offset, pooled.Data<double>(), g, countIncludePad, divisor);
            return pooled;
        }, grad =>
        {
            Tensor gc = grad.ContiguousRaw();
            var dx = ShapeMoves.Empty(inputShape, grad.DType);
            if (grad.DType == DType.Float32) AvgPooling.Backward(gc.Data<float>(), gc.Offset, dx.Data<float>(), g, countIncludePad, divisor);
            else AvgPooling.Backward(gc.Data<double>(), gc.Offset, dx.Data<double>(), g, countIncludePad, divisor);
            return dx;
        });
    }

    /// <summary>The non-default settings as shown by <c>Describe()</c> and in messages.</summary>
    public static string? Extra(bool countIncludePad, int? divisorOverride)
    {
        var parts = new List<string>();
        if (!countIncludePad) parts.Add("excluding padding");
        if (divisorOverride is int d) parts.Add(string.Create(CultureInfo.InvariantCulture, $"divisor {d}"));
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }
}
