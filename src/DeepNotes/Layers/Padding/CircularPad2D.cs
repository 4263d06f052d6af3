namespace DeepNotes.Layers;

/// <summary>
/// Pads by wrapping around from the other end (<c>[c d a b c d]</c>), as for periodic signals; each amount must be at
/// most its dimension, like <c>nn.CircularPad2d</c> (PyTorch 2.1 adds <c>nn.CircularPad2d</c>; 1.13 has <c>F.pad(x,
/// padding, mode='circular')</c>): <c>[N, C, H, W]</c> or <c>[C, H, W]</c> -> the same leading dimensions and (H + top
/// + bottom, W + left + right). Amounts are one int for every side or a per-side tuple (left, right, top, bottom); see
/// <see cref="PadBase"/>.
/// </summary>
public sealed class CircularPad2D : PadBase
{
    /// <summary>Pads every side of the last 2 dimensions by <paramref name="padding"/>.</summary>
    /// <param name="padding">The amount on every side.</param>
    public CircularPad2D(int padding)
        : base(2, [padding, padding, padding, padding], PaddingMode.Circular, 0)
    {
    }

    /// <summary>Pads each side by its own amount, PyTorch's tuple (left, right, top, bottom).</summary>
    /// <param name="padding">The amounts (left, right, top, bottom).</param>
    public CircularPad2D((int Left, int Right, int Top, int Bottom) padding)
        : base(2, [padding.Left, padding.Right, padding.Top, padding.Bottom], PaddingMode.Circular, 0)
    {
    }
}
