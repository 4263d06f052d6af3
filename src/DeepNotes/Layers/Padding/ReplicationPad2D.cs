namespace DeepNotes.Layers;

/// <summary>
/// Pads by repeating the edge values (<c>[a a a b c d]</c>), like <c>nn.ReplicationPad2d</c>: <c>[N, C, H, W]</c> or
/// <c>[C, H, W]</c> -> the same leading dimensions and (H + top + bottom, W + left + right). Amounts are one int for
/// every side or a per-side tuple (left, right, top, bottom); see <see cref="PadBase"/>.
/// </summary>
public sealed class ReplicationPad2D : PadBase
{
    /// <summary>Pads every side of the last 2 dimensions by <paramref name="padding"/>.</summary>
    /// <param name="padding">The amount on every side.</param>
    public ReplicationPad2D(int padding)
        : base(2, [padding, padding, padding, padding], PaddingMode.Replicate, 0)
    {
    }

    /// <summary>Pads each side by its own amount, PyTorch's tuple (left, right, top, bottom).</summary>
    /// <param name="padding">The amounts (left, right, top, bottom).</param>
    public ReplicationPad2D((int Left, int Right, int Top, int Bottom) padding)
        : base(2, [padding.Left, padding.Right, padding.Top, padding.Bottom], PaddingMode.Replicate, 0)
    {
    }
}
