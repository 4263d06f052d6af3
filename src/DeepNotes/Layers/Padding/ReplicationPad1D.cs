namespace DeepNotes.Layers;

/// <summary>
/// Pads by repeating the edge values (<c>[a a a b c d]</c>), like <c>nn.ReplicationPad1d</c>: <c>[N, C, L]</c> or
/// <c>[C, L]</c> -> the same leading dimensions and (L + left + right). Amounts are one int for every side or a
/// per-side tuple (left, right); see <see cref="PadBase"/>.
/// </summary>
public sealed class ReplicationPad1D : PadBase
{
    /// <summary>Pads every side of the last 1 dimension by <paramref name="padding"/>.</summary>
    /// <param name="padding">The amount on every side.</param>
    public ReplicationPad1D(int padding)
        : base(1, [padding, padding], PaddingMode.Replicate, 0)
    {
    }

    /// <summary>Pads each side by its own amount, PyTorch's tuple (left, right).</summary>
    /// <param name="padding">The amounts (left, right).</param>
    public ReplicationPad1D((int Left, int Right) padding)
        : base(1, [padding.Left, padding.Right], PaddingMode.Replicate, 0)
    {
    }
}
