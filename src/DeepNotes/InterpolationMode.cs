namespace DeepNotes;

/// <summary>The algorithm of <see cref="Functional.Interpolate(Tensor, IReadOnlyList{int}?, IReadOnlyList{double}?, InterpolationMode, bool?, bool?)"/> and <see cref="Layers.Upsample"/>, PyTorch's <c>mode</c> argument.</summary>
public enum InterpolationMode
{
    /// <summary><c>'nearest'</c>: input index ⌊o·in/out⌋ (OpenCV's INTER_NEAREST, shifted by half a pixel); any of 3-D, 4-D, 5-D input.</summary>
    Nearest,

    /// <summary><c>'nearest-exact'</c>: input index ⌊(o + 0.5)·in/out⌋, the pixel whose centre is nearest (as Pillow and scikit-image); 3-D, 4-D, 5-D.</summary>
    NearestExact,

    /// <summary><c>'linear'</c>: linear interpolation along L of a 3-D <c>[N, C, L]</c> input.</summary>
    Linear,

    /// <summary><c>'bilinear'</c>: linear along H and W of a 4-D <c>[N, C, H, W]</c> input.</summary>
    Bilinear,

    /// <summary><c>'bicubic'</c>: cubic convolution (A = −0.75) along H and W of a 4-D input, edge indices clamped; may overshoot the input's range.</summary>
    Bicubic,

    /// <summary><c>'trilinear'</c>: linear along D, H and W of a 5-D <c>[N, C, D, H, W]</c> input.</summary>
    Trilinear,

    /// <summary><c>'area'</c>: adaptive average pooling to the output size; 3-D, 4-D, 5-D.</summary>
    Area,
}
