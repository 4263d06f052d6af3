namespace DeepNotes.Layers;

/// <summary>
/// Pads with a constant value, like <c>nn.ConstantPad1d</c>: <c>[*, L]</c> -> the same leading dimensions and (L + left
/// + right), negative amounts cropping. Amounts are one int for every side or a per-side tuple (left, right); see <see
/// cref="PadBase"/>.
/// </summary>
public sealed class ConstantPad1D : PadBase
{
    /// <summary>Pads every side of the last 1 dimension by <paramref name="padding"/>.</summary>
    /// <param name="padding">The amount on every side.</param>
    /// <param name="value">The fill value.</param>
    public ConstantPad1D(int padding, double value)
        : base(1, [padding, padding], PaddingMode.Constant, value)
    {
    }

    /// <summary>Pads each side by its own amount, PyTorch's tuple (left, right).</summary>
    /// <param name="padding">The amounts (left, right).</param>
    /// <param name="value">The fill value.</param>
    public ConstantPad1D((int Left, int Right) padding, double value)
        : base(1, [padding.Left, padding.Right], PaddingMode.Constant, value)
    {
    }
}
