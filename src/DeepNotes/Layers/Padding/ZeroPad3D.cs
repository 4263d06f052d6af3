namespace DeepNotes.Layers;

/// <summary>
/// Pads with zeros, like <c>nn.ZeroPad3d</c> (PyTorch 2.1 adds <c>nn.ZeroPad3d</c>; 1.13 has <c>F.pad(x, padding,
/// mode='constant')</c>): <c>[*, D, H, W]</c> -> the same leading dimensions and (D + front + back, H + top + bottom, W
/// + left + right), negative amounts cropping. Amounts are one int for every side or a per-side tuple (left, right,
/// top, bottom, front, back); see <see cref="PadBase"/>.
/// </summary>
public sealed class ZeroPad3D : PadBase
{
    /// <summary>Pads every side of the last 3 dimensions by <paramref name="padding"/>.</summary>
    /// <param name="padding">The amount on every side.</param>
    public ZeroPad3D(int padding)
        : base(3, [padding, padding, padding, padding, padding, padding], PaddingMode.Constant, 0)
    {
    }

    /// <summary>Pads each side by its own amount, PyTorch's tuple (left, right, top, bottom, front, back).</summary>
    /// <param name="padding">The amounts (left, right, top, bottom, front, back).</param>
    public ZeroPad3D((int Left, int Right, int Top, int Bottom, int Front, int Back) padding)
        : base(3, [padding.Left, padding.Right, padding.Top, padding.Bottom, padding.Front, padding.Back], PaddingMode.Constant, 0)
    {
    }
}
