namespace DeepNotes.Layers;

/// <summary>
/// Pads with the mirror image of the input without repeating the edge (<c>[a b c d]</c> padded by 2 on the left is
/// <c>[c b a b c d]</c>); each amount must be smaller than its dimension, like <c>nn.ReflectionPad2d</c>: <c>[N, C, H,
/// W]</c> or <c>[C, H, W]</c> -> the same leading dimensions and (H + top + bottom, W + left + right). Amounts are one
/// int for every side or a per-side tuple (left, right, top, bottom); see <see cref="PadBase"/>.
/// </summary>
/// <example><code>var pad = new ReflectionPad2D(3); // before a 7×7 valid convolution, as in CycleGAN's generator</code></example>
public sealed class ReflectionPad2D : PadBase
{
    /// <summary>Pads every side of the last 2 dimensions by <paramref name="padding"/>.</summary>
    /// <param name="padding">The amount on every side.</param>
    public ReflectionPad2D(int padding)
        : base(2, [padding, padding, padding, padding], PaddingMode.Reflect, 0)
    {
    }

    /// <summary>Pads each side by its own amount, PyTorch's tuple (left, right, top, bottom).</summary>
    /// <param name="padding">The amounts (left, right, top, bottom).</param>
    public ReflectionPad2D((int Left, int Right, int Top, int Bottom) padding)
        : base(2, [padding.Left, padding.Right, padding.Top, padding.Bottom], PaddingMode.Reflect, 0)
    {
    }
}
