namespace DeepNotes.Ops.Losses;

/// <summary>
/// The reduction a loss op applies, the internal twin of the public losses' <c>Reduction</c> enum (same members,
/// same meaning, so messages that print it read the same). It lives here so that Ops, which sit below Functional and
/// the public losses, never depend on the public losses namespace; <c>Functional</c>
/// converts with <c>ReductionConversion.ToOps</c>.
/// </summary>
internal enum LossReduction
{
    /// <summary>The mean of the loss elements (or the weighted mean PyTorch defines for the loss).</summary>
    Mean,

    /// <summary>The sum of the loss elements.</summary>
    Sum,

    /// <summary>No reduction: one loss value per element (or per sample).</summary>
    None,

    /// <summary>The sum divided by the batch size (KL divergence only).</summary>
    BatchMean,
}
