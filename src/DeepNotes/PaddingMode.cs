namespace DeepNotes;

/// <summary>How <see cref="Functional.Pad"/> fills the added border, PyTorch's <c>mode</c> argument of <c>F.pad</c>.</summary>
public enum PaddingMode
{
    /// <summary>A constant value (<c>'constant'</c>); negative pads crop.</summary>
    Constant,

    /// <summary>The mirror image without repeating the edge (<c>'reflect'</c>): <c>[a b c d]</c> padded by 2 on the left is <c>[c b a b c d]</c>; pads must be smaller than the size.</summary>
    Reflect,

    /// <summary>The edge value repeated (<c>'replicate'</c>): <c>[a a a b c d]</c>.</summary>
    Replicate,

    /// <summary>Wrapped around from the other end (<c>'circular'</c>): <c>[c d a b c d]</c>; pads must not exceed the size.</summary>
    Circular,
}
