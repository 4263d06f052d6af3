namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// Channel dropout, like <c>F.dropout2d</c>: when <paramref name="training"/>, zeroes each whole channel of an
    /// <c>[N, C, H, W]</c> (or unbatched <c>[C, H, W]</c>) input with probability <paramref name="p"/> and scales the
    /// kept channels by 1/(1 − p); otherwise returns <paramref name="input"/> unchanged. Neighbouring pixels of a feature
    /// map are strongly correlated, so dropping single elements regularises a convolutional layer little; dropping
    /// whole maps does (Tompson et al., 2015).
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, H, W]</c> or <c>[C, H, W]</c> tensor.</param>
    /// <param name="p">Probability of zeroing a channel, in [0, 1]; p = 1 gives zeros.</param>
    /// <param name="training">Whether to drop (false: identity).</param>
    /// <param name="generator">Source of the mask, one draw per channel in (n, c) order (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    /// <exception cref="ArgumentException">The input is not floating point or not of rank 3 or 4.</exception>
    public static Tensor Dropout2D(Tensor input, double p = 0.5, bool training = true, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!(p is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout2D probability must be in [0, 1].");
        return training ? Ops.Dropout2DOperation.Forward(input, p, generator ?? Generator.Default) : input;
    }
}
