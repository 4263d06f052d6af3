using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Resampling;

/// <summary>
/// What <c>F.interpolate</c> hands its kernel after validation: the mode, the output spatial size, the scale of each
/// spatial dimension the kernel uses (null when it derives the ratio from the sizes) and align corners.
/// </summary>
internal sealed record InterpolationSpec(InterpolationMode Mode, int[] OutputSize, double?[] Scales, bool AlignCorners)
{
    /// <summary>The backward's name as PyTorch prints it (<c>UpsampleBilinear2DBackward</c>, area: <c>AdaptiveAvgPool2DBackward</c>).</summary>
    public string BackwardName => Mode switch
    {
        InterpolationMode.Nearest => $"UpsampleNearest{OutputSize.Length}DBackward",
        InterpolationMode.NearestExact => $"UpsampleNearestExact{OutputSize.Length}DBackward",
        InterpolationMode.Linear => "UpsampleLinear1DBackward",
        InterpolationMode.Bilinear => "UpsampleBilinear2DBackward",
        InterpolationMode.Bicubic => "UpsampleBicubic2DBackward",
        InterpolationMode.Trilinear => "UpsampleTrilinear3DBackward",
        _ => $"AdaptiveAvgPool{OutputSize.Length}DBackward",
    };

    /// <summary>The separable plan for an input of <paramref name="shape"/> <c>[N, C, spatial...]</c>.</summary>
    public ResamplePlan<T> Plan<T>(Shape shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int spatial = OutputSize.Length;
        var axes = new ResampleAxis<T>?[3];
        for (int i = 0; i < spatial; i++)
        {
            int inSize = shape[2 + i], outSize = OutputSize[i];
            double? scale = Scales[i];
            axes[3 - spatial + i] = Mode switch
            {
                InterpolationMode.Nearest => ResampleAxis<T>.Nearest(inSize, outSize, scale),
                InterpolationMode.NearestExact => ResampleAxis<T>.NearestExact(inSize, outSize, scale),
                InterpolationMode.Bicubic => ResampleAxis<T>.Cubic(inSize, outSize, AlignCorners, scale),
                InterpolationMode.Area => ResampleAxis<T>.Area(inSize, outSize),
                _ => ResampleAxis<T>.Linear(inSize, outSize, AlignCorners, scale),
            };
        }
        return new ResamplePlan<T>(shape[0] * shape[1], axes[0], axes[1], axes[2]!);
    }

    /// <summary><c>[N, C, OutputSize...]</c> for an input of <paramref name="shape"/>.</summary>
    public Shape OutputShape(Shape shape) => new([shape[0], shape[1], .. OutputSize]);
}

/// <summary>
/// <c>F.interpolate</c>'s resampling of <c>[N, C, *spatial]</c> (validated by <see cref="Functional"/>): a linear map of
/// the input, applied by the separable <see cref="SeparableResampling"/> kernel. Backward is its adjoint, itself recorded as an op
/// whose backward is the forward again, so gradients of any order exist.
/// </summary>
internal static class Interpolation
{
    public static Tensor Forward(Tensor x, InterpolationSpec spec)
    {
        Shape inputShape = x.Shape;
        Tensor xc = x.ContiguousRaw();
        var y = ShapeMoves.Empty(spec.OutputShape(inputShape), x.DType);
        if (y.Shape.ElementCount > 0)
        {
            if (x.DType == DType.Float32) SeparableResampling.Forward(xc.Data<float>(), xc.Offset, y.Data<float>(), spec.Plan<float>(inputShape));
            else SeparableResampling.Forward(xc.Data<double>(), xc.Offset, y.Data<double>(), spec.Plan<double>(inputShape));
        }
        return Tensor.RecordDifferentiable(y, spec.BackwardName, [x], grad => [Adjoint(grad, spec, inputShape)]);
    }

    /// <summary>dL/dx for dL/dy = <paramref name="grad"/>: the transpose of the resampling (differentiable in <paramref name="grad"/>).</summary>
    public static Tensor Adjoint(Tensor grad, InterpolationSpec spec, Shape inputShape)
    {
        Tensor gc = grad.ContiguousRaw();
        var dx = ShapeMoves.Empty(inputShape, grad.DType);
        if (inputShape.ElementCount > 0)
        {
            if (grad.DType == DType.Float32) SeparableResampling.Backward(gc.Data<float>(), gc.Offset, dx.Data<float>(), spec.Plan<float>(inputShape));
            else SeparableResampling.Backward(gc.Data<double>(), gc.Offset, dx.Data<double>(), spec.Plan<double>(inputShape));
        }
        return Tensor.RecordDifferentiable(dx, spec.BackwardName + "Backward", [grad], gg => [Forward(gg, spec)]);
    }
}
