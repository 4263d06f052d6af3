using DeepNotes.Losses;

namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// Connectionist temporal classification loss, like <c>F.ctc_loss</c>: the negative log-probability of all
    /// alignments of each target to its input frames, by the forward–backward algorithm in log space.
    /// </summary>
    /// <remarks>
    /// <para>Shapes: <paramref name="logProbs"/> <c>[T, N, C]</c> (or <c>[T, C]</c> unbatched), normally a
    /// <c>LogSoftmax(2)</c> output; <paramref name="targets"/> Int32 padded <c>[N, S]</c> or the N targets concatenated
    /// <c>[Σ targetLengths]</c>; <paramref name="inputLengths"/> and <paramref name="targetLengths"/> Int32 <c>[N]</c>
    /// (<c>[]</c> or <c>[1]</c> unbatched). Labels are classes in [0, C) other than <paramref name="blank"/>.</para>
    /// <para>Mean divides each sample's loss by its target length (at least 1) and averages over the batch, as PyTorch;
    /// Sum adds; None returns <c>[N]</c>. An impossible alignment (too few frames) gives ∞ (and NaN gradients), or 0
    /// with <paramref name="zeroInfinity"/>.</para>
    /// <para>The gradient is the exact derivative with respect to <paramref name="logProbs"/> (minus the alignment
    /// posteriors). PyTorch's kernel returns that plus softmax(logProbs), the gradient with respect to logits; both give
    /// the same gradient to whatever feeds a log-softmax, which is how CTC is used.</para>
    /// </remarks>
    /// <param name="logProbs">Log-probabilities, Float32 or Float64.</param>
    /// <param name="targets">Int32 labels, padded or concatenated.</param>
    /// <param name="inputLengths">Int32 frames used per sample, each in [0, T].</param>
    /// <param name="targetLengths">Int32 labels per sample.</param>
    /// <param name="blank">The blank class (default 0).</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <param name="zeroInfinity">Whether infinite losses and their gradients become 0 (default false).</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">
    /// Shapes or dtypes that do not fit (named with the expected ones), a length out of range, a label that is blank or
    /// outside [0, C), or BatchMean; <see cref="ArgumentOutOfRangeException"/> for a blank outside [0, C).
    /// </exception>
    public static Tensor CtcLoss(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths, int blank = 0,
        Reduction reduction = Reduction.Mean, bool zeroInfinity = false) =>
        Ops.Losses.ConnectionistTemporalClassification.Forward(logProbs, targets, inputLengths, targetLengths, blank, reduction.ToOps(), zeroInfinity);

    /// <summary>
    /// <see cref="CtcLoss(Tensor, Tensor, Tensor, Tensor, int, Reduction, bool)"/> with the lengths given as arrays.
    /// </summary>
    /// <param name="logProbs">Log-probabilities <c>[T, N, C]</c> (or <c>[T, C]</c>), Float32 or Float64.</param>
    /// <param name="targets">Int32 labels, padded <c>[N, S]</c> or concatenated.</param>
    /// <param name="inputLengths">Frames used per sample (N values).</param>
    /// <param name="targetLengths">Labels per sample (N values).</param>
    /// <param name="blank">The blank class (default 0).</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <param name="zeroInfinity">Whether infinite losses and their gradients become 0 (default false).</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">As the tensor overload.</exception>
    public static Tensor CtcLoss(Tensor logProbs, Tensor targets, int[] inputLengths, int[] targetLengths, int blank = 0,
        Reduction reduction = Reduction.Mean, bool zeroInfinity = false)
    {
        ArgumentNullException.ThrowIfNull(logProbs);
        ArgumentNullException.ThrowIfNull(inputLengths);
        ArgumentNullException.ThrowIfNull(targetLengths);
        Shape lengthShape = logProbs.Rank == 2 && inputLengths.Length == 1 ? Shape.Scalar : new Shape([inputLengths.Length]);
        Shape targetLengthShape = logProbs.Rank == 2 && targetLengths.Length == 1 ? Shape.Scalar : new Shape([targetLengths.Length]);
        return CtcLoss(logProbs, targets, Tensor.FromArray(inputLengths, lengthShape), Tensor.FromArray(targetLengths, targetLengthShape),
            blank, reduction, zeroInfinity);
    }
}
