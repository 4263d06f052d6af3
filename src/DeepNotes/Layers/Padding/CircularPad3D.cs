namespace DeepNotes.Layers;

/// <summary>
/// Pads by wrapping around from the other end (<c>[c d a b c d]</c>), as for periodic signals; each amount must be at
/// most its dimension, like <c>nn.CircularPad3d</c> (PyTorch 2.1 adds <c>nn.CircularPad3d</c>; 1.13 has <c>F.pad(x,
/// padding, mode='circular')</c>): <c>[N, C, D, H, W]</c> or <c>[C, D, H, W]</c> -> the same leading dimensions and (D
/// + front + back, H + top + bottom, W + left + right). Amounts are one int for every side or a per-side tuple (left,
/// right, top, bottom, front, back); see <see cref="PadBase"/>.
/// </summary>
public sealed class CircularPad3D : PadBase
{
    /// <summary>Pads every side of the last 3 dimensions by <paramref name="padding"/>.</summary>
    /// <param name="padding">The amount on every side.</param>
    public CircularPad3D(int padding)
        : base(3, [padding, padding, padding, padding, padding, padding], PaddingMode.Circular, 0)
    {
    }

    /// <summary>Pads each side by its own amount, PyTorch's tuple (left, right, top, bottom, front, back).</summary>
    /// <param name="padding">The amounts (left, right, top, bottom, front, back).</param>
    public CircularPad3D((int Left, int Right, int Top, int Bottom, int Front, int Back) padding)
        : base(3, [padding.Left, padding.Right, padding.Top, padding.Bottom, padding.Front, padding.Back], PaddingMode.Circular, 0)
    {
    }
}
