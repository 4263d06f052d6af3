namespace DeepNotes.Layers;

/// <summary>
/// Pads with a constant value, like <c>nn.ConstantPad3d</c>: <c>[*, D, H, W]</c> -> the same leading dimensions and (D
/// + front + back, H + top + bottom, W + left + right), negative amounts cropping. Amounts are one int for every side
/// or a per-side tuple (left, right, top, bottom, front, back); see <see cref="PadBase"/>.
/// </summary>
public sealed class ConstantPad3D : PadBase
{
    /// <summary>Pads every side of the last 3 dimensions by <paramref name="padding"/>.</summary>
    /// <param name="padding">The amount on every side.</param>
    /// <param name="value">The fill value.</param>
    public ConstantPad3D(int padding, double value)
        : base(3, [padding, padding, padding, padding, padding, padding], PaddingMode.Constant, value)
    {
    }

    /// <summary>Pads each side by its own amount, PyTorch's tuple (left, right, top, bottom, front, back).</summary>
    /// <param name="padding">The amounts (left, right, top, bottom, front, back).</param>
    /// <param name="value">The fill value.</param>
    public ConstantPad3D((int Left, int Right, int Top, int Bottom, int Front, int Back) padding, double value)
        : base(3, [padding.Left, padding.Right, padding.Top, padding.Bottom, padding.Front, padding.Back], PaddingMode.Constant, value)
    {
    }
}
