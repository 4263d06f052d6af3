namespace DeepNotes.Layers;

/// <summary>
/// Pads with the mirror image of the input without repeating the edge (<c>[a b c d]</c> padded by 2 on the left is
/// <c>[c b a b c d]</c>); each amount must be smaller than its dimension, like <c>nn.ReflectionPad1d</c>: <c>[N, C,
/// L]</c> or <c>[C, L]</c> -> the same leading dimensions and (L + left + right). Amounts are one int for every side or
/// a per-side tuple (left, right); see <see cref="PadBase"/>.
/// </summary>
public sealed class ReflectionPad1D : PadBase
{
    /// <summary>Pads every side of the last 1 dimension by <paramref name="padding"/>.</summary>
    /// <param name="padding">The amount on every side.</param>
    public ReflectionPad1D(int padding)
        : base(1, [padding, padding], PaddingMode.Reflect, 0)
    {
    }

    /// <summary>Pads each side by its own amount, PyTorch's tuple (left, right).</summary>
    /// <param name="padding">The amounts (left, right).</param>
    public ReflectionPad1D((int Left, int Right) padding)
        : base(1, [padding.Left, padding.Right], PaddingMode.Reflect, 0)
    {
    }
}
