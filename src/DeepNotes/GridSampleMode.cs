namespace DeepNotes;

/// <summary>How <see cref="Functional.GridSample"/> reads the input at a sampling point, PyTorch's <c>mode</c> of <c>F.grid_sample</c>.</summary>
public enum GridSampleMode
{
    /// <summary><c>'bilinear'</c>: linear in every spatial dimension (trilinear for 5-D input) between the 2<sup>d</sup> neighbouring pixels.</summary>
    Bilinear,

    /// <summary><c>'nearest'</c>: the pixel nearest to the point (halves round to even); no gradient for the grid.</summary>
    Nearest,

    /// <summary><c>'bicubic'</c>: cubic convolution (A = −0.75) over the 4 × 4 neighbouring pixels; 4-D input only.</summary>
    Bicubic,
}

/// <summary>What <see cref="Functional.GridSample"/> reads outside the input, PyTorch's <c>padding_mode</c>.</summary>
public enum GridSamplePaddingMode
{
    /// <summary><c>'zeros'</c>: zero outside the input.</summary>
    Zeros,

    /// <summary><c>'border'</c>: the point is clamped into the input (the edge pixels extend outwards).</summary>
    Border,

    /// <summary><c>'reflection'</c>: the point is reflected at the border (at the corner-pixel centres with align corners, else at the outer edges) until inside.</summary>
    Reflection,
}
