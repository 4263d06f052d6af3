namespace DeepNotes.Layers;

/// <summary>
/// Pads with a constant value, like <c>nn.ConstantPad2d</c>: <c>[*, H, W]</c> -> the same leading dimensions and (H +
/// top + bottom, W + left + right), negative amounts cropping. Amounts are one int for every side or a per-side tuple
/// (left, right, top, bottom); see <see cref="PadBase"/>.
/// </summary>
public sealed class ConstantPad2D : PadBase
{
    /// <summary>Pads every side of the last 2 dimensions by <paramref name="padding"/>.</summary>
    /// <param name="padding">The amount on every side.</param>
    /// <param name="value">The fill value.</param>
    public ConstantPad2D(int padding, double value)
        : base(2, [padding, padding, padding, padding], PaddingMode.Constant, value)
    {
    }

    /// <summary>Pads each side by its own amount, PyTorch's tuple (left, right, top, bottom).</summary>
    /// <param name="padding">The amounts (left, right, top, bottom).</param>
    /// <param name="value">The fill value.</param>
    public ConstantPad2D((int Left, int Right, int Top, int Bottom) padding, double value)
        : base(2, [padding.Left, padding.Right, padding.Top, padding.Bottom], PaddingMode.Constant, value)
    {
    }
}
