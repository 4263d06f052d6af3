using System.Globalization;

namespace DeepNotes.Losses;

/// <summary>
/// Connectionist temporal classification loss, like <c>torch.nn.CTCLoss</c>; see <see cref="Functional.CtcLoss(Tensor, Tensor, Tensor, Tensor, int, Reduction, bool)"/>.
/// Log-probabilities <c>[T, N, C]</c> (a <c>LogSoftmax(2)</c> output), Int32 targets padded <c>[N, S]</c> or
/// concatenated, Int32 input and target lengths <c>[N]</c>.
/// </summary>
public sealed class CtcLoss : MultiInputLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="blank">The blank class (default 0).</param>
    /// <param name="reduction">Mean (default; each loss divided by its target length, then averaged), Sum or None.</param>
    /// <param name="zeroInfinity">Whether infinite losses (impossible alignments) and their gradients become 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="blank"/> is negative.</exception>
    public CtcLoss(int blank = 0, Reduction reduction = Reduction.Mean, bool zeroInfinity = false) : base(reduction)
    {
        if (blank < 0)
            throw new ArgumentOutOfRangeException(nameof(blank), blank, $"CtcLoss: blank must be a class index ≥ 0, got {blank}.");
        Blank = blank;
        ZeroInfinity = zeroInfinity;
    }

    /// <summary>The blank class.</summary>
    public int Blank { get; }

    /// <summary>Whether infinite losses become 0.</summary>
    public bool ZeroInfinity { get; }

    /// <summary>Computes the loss.</summary>
    /// <param name="logProbs">Log-probabilities <c>[T, N, C]</c> (or <c>[T, C]</c>).</param>
    /// <param name="targets">Int32 labels, padded <c>[N, S]</c> or concatenated.</param>
    /// <param name="inputLengths">Int32 <c>[N]</c>, each in [0, T].</param>
    /// <param name="targetLengths">Int32 <c>[N]</c>.</param>
    /// <returns>A 0-dim tensor, or <c>[N]</c> with <see cref="Reduction.None"/>.</returns>
    public Tensor Forward(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths) =>
        Functional.CtcLoss(logProbs, targets, inputLengths, targetLengths, Blank, Reduction, ZeroInfinity);

    /// <inheritdoc/>
    public override string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"CtcLoss(blank: {Blank}, reduction: {Reduction}, zeroInfinity: {ZeroInfinity})");
}
