namespace DeepNotes.Layers;

/// <summary>
/// Pads with zeros, like <c>nn.ZeroPad2d</c>: <c>[*, H, W]</c> -> the same leading dimensions and (H + top + bottom, W
/// + left + right), negative amounts cropping. Amounts are one int for every side or a per-side tuple (left, right,
/// top, bottom); see <see cref="PadBase"/>.
/// </summary>
/// <example><code>var pad = new ZeroPad2D((1, 2, 0, 1)); // [N, C, 4, 4] -> [N, C, 5, 7]</code></example>
public sealed class ZeroPad2D : PadBase
{
    /// <summary>Pads every side of the last 2 dimensions by <paramref name="padding"/>.</summary>
    /// <param name="padding">The amount on every side.</param>
    public ZeroPad2D(int padding)
        : base(2, [padding, padding, padding, padding], PaddingMode.Constant, 0)
    {
    }

    /// <summary>Pads each side by its own amount, PyTorch's tuple (left, right, top, bottom).</summary>
    /// <param name="padding">The amounts (left, right, top, bottom).</param>
    public ZeroPad2D((int Left, int Right, int Top, int Bottom) padding)
        : base(2, [padding.Left, padding.Right, padding.Top, padding.Bottom], PaddingMode.Constant, 0)
    {
    }
}
