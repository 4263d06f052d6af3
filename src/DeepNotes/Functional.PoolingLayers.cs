using DeepNotes.Ops.Pooling;

namespace DeepNotes;

/// <summary>
/// The internal doors of the pooling layers: the same ops as the public pooling functions, taking the option record the
/// layer validated once in its constructor, so no setting is checked again on each forward.
/// </summary>
public static partial class Functional
{
    /// <summary>Max pooling (1-D or 2-D) with pre-validated options.</summary>
    internal static Tensor MaxPool2D(Tensor input, in PoolOptions options) => Ops.Pooling.MaxPool2DOperation.Forward(input, options);

    /// <summary>Max pooling (1-D or 2-D) with pre-validated options, returning the argmax indices too.</summary>
    internal static (Tensor Output, Tensor Indices) MaxPool2DWithIndices(Tensor input, in PoolOptions options) =>
        Ops.Pooling.MaxPool2DOperation.ForwardWithIndices(input, options);

    /// <summary>Average pooling (1-D or 2-D) with pre-validated options.</summary>
    internal static Tensor AvgPool2D(Tensor input, in PoolOptions options, bool countIncludePad, int? divisorOverride) =>
        Ops.Pooling.AvgPool2DOperation.Forward(input, options, countIncludePad, divisorOverride);

    /// <summary>What <c>Describe()</c> shows of an average pooling's divisor settings.</summary>
    internal static string? AvgPoolExtra(bool countIncludePad, int? divisorOverride) =>
        Ops.Pooling.AvgPool2DOperation.Extra(countIncludePad, divisorOverride);

    /// <summary>Power-average pooling (1-D or 2-D) with pre-validated options (the norm type is checked by the op).</summary>
    internal static Tensor LPPool2D(Tensor input, double normType, in PoolOptions options) =>
        Ops.Pooling.LPPool2DOperation.Forward(input, normType, options);

    /// <summary>Throws unless the norm type of an LP pooling is positive and finite.</summary>
    internal static void CheckLPNormType(string name, double normType) => Ops.Pooling.LPPool2DOperation.CheckNormType(name, normType);

    /// <summary>What <c>Describe()</c> shows of an LP pooling's norm type.</summary>
    internal static string LPPoolExtra(double normType) => Ops.Pooling.LPPool2DOperation.Extra(normType);

    /// <summary>Adaptive average pooling (1-D or 2-D) with pre-validated options.</summary>
    internal static Tensor AdaptiveAvgPool2D(Tensor input, in AdaptiveOptions options) => AdaptivePool2D.Average(input, options);

    /// <summary>Adaptive max pooling (1-D or 2-D) with pre-validated options, returning the argmax indices too.</summary>
    internal static (Tensor Output, Tensor Indices) AdaptiveMaxPool2DWithIndices(Tensor input, in AdaptiveOptions options) =>
        AdaptivePool2D.Max(input, options);

    /// <summary>3-D max pooling with pre-validated options, returning the argmax indices too.</summary>
    internal static (Tensor Output, Tensor Indices) MaxPool3DWithOptions(Tensor input, in Pool3DOptions options) =>
        MaxPooling3D.Forward(input, options);

    /// <summary>3-D average pooling with pre-validated options (the layer rejected a zero divisor override).</summary>
    internal static Tensor AvgPool3D(Tensor input, in Pool3DOptions options, bool countIncludePad, int? divisorOverride) =>
        AvgPooling3D.Forward(input, options, countIncludePad, divisorOverride);

    /// <summary>3-D adaptive average pooling with pre-validated options.</summary>
    internal static Tensor AdaptiveAvgPool3D(Tensor input, in Adaptive3DOptions options) => AdaptivePooling3D.Average(input, options);

    /// <summary>3-D adaptive max pooling with pre-validated options, returning the argmax indices too.</summary>
    internal static (Tensor Output, Tensor Indices) AdaptiveMaxPool3DWithIndices(Tensor input, in Adaptive3DOptions options) =>
        AdaptivePooling3D.Max(input, options);
}
