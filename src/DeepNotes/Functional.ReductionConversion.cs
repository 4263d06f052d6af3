using DeepNotes.Losses;
using DeepNotes.Ops.Losses;

namespace DeepNotes;

/// <summary>
/// Maps the public <see cref="Reduction"/> to the internal <see cref="LossReduction"/> the loss ops take. It sits
/// beside <c>Functional</c>, the one door from the public losses down to the ops, so Ops never see the public enum.
/// </summary>
internal static class ReductionConversion
{
    /// <summary>The op-level reduction for <paramref name="reduction"/>; an undefined value passes through unchanged
    /// (as its number) so the op rejects it with the same message as before.</summary>
    internal static LossReduction ToOps(this Reduction reduction) => reduction switch
    {
        Reduction.Mean => LossReduction.Mean,
        Reduction.Sum => LossReduction.Sum,
        Reduction.None => LossReduction.None,
        Reduction.BatchMean => LossReduction.BatchMean,
        _ => (LossReduction)(int)reduction,
    };
}
