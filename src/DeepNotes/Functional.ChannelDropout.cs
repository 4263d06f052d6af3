namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// 1-D channel dropout, like <c>F.dropout1d</c>: when <paramref name="training"/>, zeroes each whole channel of an
    /// <c>[N, C, L]</c> (or unbatched <c>[C, L]</c>) input with probability <paramref name="p"/> and scales the kept
    /// channels by 1/(1 − p); otherwise returns <paramref name="input"/> unchanged. For sequence features after a
    /// <c>Conv1D</c>, where neighbouring positions are correlated.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, L]</c> or <c>[C, L]</c> tensor.</param>
    /// <param name="p">Probability of zeroing a channel, in [0, 1]; p = 1 gives zeros.</param>
    /// <param name="training">Whether to drop (false: identity).</param>
    /// <param name="generator">Source of the mask, one draw per channel in (n, c) order (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    /// <exception cref="ArgumentException">The input is not floating point or not of rank 2 or 3.</exception>
    public static Tensor Dropout1D(Tensor input, double p = 0.5, bool training = true, Generator? generator = null) =>
        ChannelDropout("Dropout1D", input, p, training, generator, 1, "[N, C, L] or [C, L]");

    /// <summary>
    /// 3-D channel dropout, like <c>F.dropout3d</c>: when <paramref name="training"/>, zeroes each whole channel (a
    /// <c>D × H × W</c> volume) of an <c>[N, C, D, H, W]</c> (or unbatched <c>[C, D, H, W]</c>) input with probability
    /// <paramref name="p"/> and scales the kept channels by 1/(1 − p); otherwise returns <paramref name="input"/> unchanged.
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, D, H, W]</c> or <c>[C, D, H, W]</c> tensor.</param>
    /// <param name="p">Probability of zeroing a channel, in [0, 1]; p = 1 gives zeros.</param>
    /// <param name="training">Whether to drop (false: identity).</param>
    /// <param name="generator">Source of the mask, one draw per channel in (n, c) order (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    /// <exception cref="ArgumentException">The input is not floating point or not of rank 4 or 5.</exception>
    public static Tensor Dropout3D(Tensor input, double p = 0.5, bool training = true, Generator? generator = null) =>
        ChannelDropout("Dropout3D", input, p, training, generator, 3, "[N, C, D, H, W] or [C, D, H, W]");

    private static Tensor ChannelDropout(string name, Tensor input, double p, bool training, Generator? generator, int spatial, string layout)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!(p is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, $"{name} probability must be in [0, 1].");
        input.CheckFloatingPoint(name);
        if (input.Rank != spatial + 1 && input.Rank != spatial + 2)
            throw new ArgumentException($"{name} expects input {layout}, got {input.Shape}", nameof(input));
        if (!training) return input;
        return Ops.ChannelDropout.Forward(name, input, p, generator ?? Generator.Default, spatial);
    }
}
