using DeepNotes.Kernels;

namespace DeepNotes;

/// <summary>
/// The internal doors of the convolution layers: the same kernels as <see cref="Conv2D(Tensor, Tensor, Tensor?, Size2D?, Padding, Size2D?, int)"/>
/// and <see cref="ConvTranspose2D(Tensor, Tensor, Tensor?, Size2D?, Size2D?, Size2D?, int, Size2D?)"/>, taking the geometry the layer
/// resolved from its pre-validated <c>ConvArguments</c>, so nothing is checked twice on a forward.
/// </summary>
public static partial class Functional
{
    /// <summary>Convolution of <c>[N, C, H, W]</c> with a resolved geometry (the layer checked input and settings).</summary>
    internal static Tensor Conv2DWithGeometry(Tensor input, Tensor weight, Tensor? bias, in ConvGeometry geometry) =>
        Ops.Convolution.Convolution.Forward(input, weight, bias, geometry);

    /// <summary>Transposed convolution of <c>[N, C, H, W]</c> with a resolved geometry (the layer checked input and settings).</summary>
    internal static Tensor ConvTranspose2DWithGeometry(Tensor input, Tensor weight, Tensor? bias, in ConvGeometry geometry) =>
        Ops.Convolution.ConvolutionTransposed.Forward(input, weight, bias, geometry);
}
