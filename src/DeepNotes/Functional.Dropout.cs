namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// Inverted dropout, like <c>F.dropout</c>: when <paramref name="training"/>, zeroes each element with probability
    /// <paramref name="p"/> and scales the rest by 1/(1 − p); otherwise returns <paramref name="input"/> unchanged.
    /// </summary>
    /// <param name="input">Any floating-point tensor.</param>
    /// <param name="p">Drop probability in [0, 1]; p = 1 gives zeros.</param>
    /// <param name="training">Whether to drop (false: identity).</param>
    /// <param name="generator">Source of the mask (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    public static Tensor Dropout(Tensor input, double p = 0.5, bool training = true, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!(p is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1].");
        return training ? Ops.DropoutOperation.Forward(input, p, generator ?? Generator.Default) : input;
    }
}
