namespace DeepNotes.Layers;

/// <summary>
/// Pads with zeros, like <c>nn.ZeroPad1d</c> (PyTorch 2.1 adds <c>nn.ZeroPad1d</c>; 1.13 has <c>F.pad(x, padding,
/// mode='constant')</c>): <c>[*, L]</c> -> the same leading dimensions and (L + left + right), negative amounts
/// cropping. Amounts are one int for every side or a per-side tuple (left, right); see <see cref="PadBase"/>.
/// </summary>
public sealed class ZeroPad1D : PadBase
{
    /// <summary>Pads every side of the last 1 dimension by <paramref name="padding"/>.</summary>
    /// <param name="padding">The amount on every side.</param>
    public ZeroPad1D(int padding)
        : base(1, [padding, padding], PaddingMode.Constant, 0)
    {
    }

    /// <summary>Pads each side by its own amount, PyTorch's tuple (left, right).</summary>
    /// <param name="padding">The amounts (left, right).</param>
    public ZeroPad1D((int Left, int Right) padding)
        : base(1, [padding.Left, padding.Right], PaddingMode.Constant, 0)
    {
    }
}
