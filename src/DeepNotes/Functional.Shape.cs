namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// Pads the trailing dimensions, like <c>F.pad</c>: <paramref name="pad"/> lists <c>[left, right]</c> for the last
    /// dimension, then <c>[top, bottom]</c> for the one before, and so on (any number of trailing dimensions):
    /// <c>[*, H, W]</c> with <c>[l, r, t, b]</c> gives <c>[*, H + t + b, W + l + r]</c>. Negative pads crop.
    /// </summary>
    /// <param name="input">Any dtype for <see cref="PaddingMode.Constant"/>; numeric for the other modes.</param>
    /// <param name="pad">An even number of pads, at most two per dimension, last dimension first.</param>
    /// <param name="mode">Constant, reflect, replicate or circular (PyTorch's <c>mode</c>).</param>
    /// <param name="value">The fill value of constant mode (converted to the input's dtype).</param>
    /// <returns>A new tensor. Backward: constant — the gradient cropped back; the other modes — border gradients folded back onto the entries they copied.</returns>
    /// <exception cref="ArgumentException">An odd or too long pad list, a negative output size, reflect pads ≥ the size, circular pads &gt; the size, or a value outside constant mode.</exception>
    public static Tensor Pad(Tensor input, int[] pad, PaddingMode mode = PaddingMode.Constant, double value = 0)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Ops.Pad.Forward(input, pad, mode, value);
    }

    /// <summary>
    /// One-hot encoding, like <c>F.one_hot</c>: Int32 or Int64 class indices <c>[*]</c> to a tensor <c>[*, numClasses]</c>
    /// of the same dtype with a 1 at each index and 0 elsewhere.
    /// </summary>
    /// <param name="input">Non-negative Int32 or Int64 class indices of any shape.</param>
    /// <param name="numClasses">The number of classes, or −1 to use the largest index + 1.</param>
    /// <exception cref="ArgumentException">A floating-point or Bool input, a negative index, an index ≥ <paramref name="numClasses"/>, or −1 with an empty input.</exception>
    public static Tensor OneHot(Tensor input, int numClasses = -1)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Ops.OneHot.Forward(input, numClasses);
    }
}
