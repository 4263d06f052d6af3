namespace DeepNotes.Layers;

/// <summary>
/// Pads with the mirror image of the input without repeating the edge (<c>[a b c d]</c> padded by 2 on the left is
/// <c>[c b a b c d]</c>); each amount must be smaller than its dimension, like <c>nn.ReflectionPad3d</c>: <c>[N, C, D,
/// H, W]</c> or <c>[C, D, H, W]</c> -> the same leading dimensions and (D + front + back, H + top + bottom, W + left +
/// right). Amounts are one int for every side or a per-side tuple (left, right, top, bottom, front, back); see <see
/// cref="PadBase"/>.
/// </summary>
public sealed class ReflectionPad3D : PadBase
{
    /// <summary>Pads every side of the last 3 dimensions by <paramref name="padding"/>.</summary>
    /// <param name="padding">The amount on every side.</param>
    public ReflectionPad3D(int padding)
        : base(3, [padding, padding, padding, padding, padding, padding], PaddingMode.Reflect, 0)
    {
    }

    /// <summary>Pads each side by its own amount, PyTorch's tuple (left, right, top, bottom, front, back).</summary>
    /// <param name="padding">The amounts (left, right, top, bottom, front, back).</param>
    public ReflectionPad3D((int Left, int Right, int Top, int Bottom, int Front, int Back) padding)
        : base(3, [padding.Left, padding.Right, padding.Top, padding.Bottom, padding.Front, padding.Back], PaddingMode.Reflect, 0)
    {
    }
}
