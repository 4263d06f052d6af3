namespace DeepNotes.Losses;

/// <summary>
/// Two-class logistic loss ln(1 + e^(−y·x)) on ±1 targets, like <c>torch.nn.SoftMarginLoss</c>; see
/// <see cref="Functional.SoftMarginLoss"/>. Input and target: any shape, same shape and dtype.
/// </summary>
public sealed class SoftMarginLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    public SoftMarginLoss(Reduction reduction = Reduction.Mean) : base(reduction) { }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.SoftMarginLoss(input, target, Reduction);

    /// <inheritdoc/>
    public override string Describe() => $"SoftMarginLoss(reduction: {Reduction})";
}
