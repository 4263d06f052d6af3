namespace DeepNotes.Losses;

/// <summary>
/// Multi-label hinge loss, like <c>torch.nn.MultiLabelMarginLoss</c>; see <see cref="Functional.MultiLabelMarginLoss"/>.
/// Input: scores <c>[N, C]</c> (or <c>[C]</c>); target: Int32 of the same shape listing each sample's classes, ended
/// by −1.
/// </summary>
public sealed class MultiLabelMarginLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean (default), Sum or None (<c>[N]</c>).</param>
    public MultiLabelMarginLoss(Reduction reduction = Reduction.Mean) : base(reduction) { }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.MultiLabelMarginLoss(input, target, Reduction);

    /// <inheritdoc/>
    public override string Describe() => $"MultiLabelMarginLoss(reduction: {Reduction})";
}
