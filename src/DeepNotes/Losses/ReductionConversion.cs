using DeepNotes.Ops;
using DeepNotes.Ops.Losses;

namespace DeepNotes.Losses;

/// <summary>Maps the public <see cref="Reduction"/> to the internal <see cref="LossReduction"/> the loss ops take.</summary>
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
