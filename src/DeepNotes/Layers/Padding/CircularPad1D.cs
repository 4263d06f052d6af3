namespace DeepNotes.Layers;

/// <summary>
/// Pads by wrapping around from the other end (<c>[c d a b c d]</c>), as for periodic signals; each amount must be at
/// most its dimension, like <c>nn.CircularPad1d</c> (PyTorch 2.1 adds <c>nn.CircularPad1d</c>; 1.13 has <c>F.pad(x,
/// padding, mode='circular')</c>): <c>[N, C, L]</c> or <c>[C, L]</c> -> the same leading dimensions and (L + left +
/// right). Amounts are one int for every side or a per-side tuple (left, right); see <see cref="PadBase"/>.
/// </summary>
public sealed class CircularPad1D : PadBase
{
    /// <summary>Pads every side of the last 1 dimension by <paramref name="padding"/>.</summary>
    /// <param name="padding">The amount on every side.</param>
    public CircularPad1D(int padding)
        : base(1, [padding, padding], PaddingMode.Circular, 0)
    {
    }

    /// <summary>Pads each side by its own amount, PyTorch's tuple (left, right).</summary>
    /// <param name="padding">The amounts (left, right).</param>
    public CircularPad1D((int Left, int Right) padding)
        : base(1, [padding.Left, padding.Right], PaddingMode.Circular, 0)
    {
    }
}
