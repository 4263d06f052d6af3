namespace DeepNotes.Losses;

/// <summary>
/// Multi-label one-versus-all logistic loss, like <c>torch.nn.MultiLabelSoftMarginLoss</c>; see
/// <see cref="Functional.MultiLabelSoftMarginLoss"/>. Input: logits <c>[N, C]</c> (or <c>[C]</c>); target: 0/1 of
/// the same shape and dtype. The optional weight is registered as the buffer <c>weight</c>, as PyTorch does.
/// </summary>
public sealed class MultiLabelSoftMarginLoss : Loss
{
    private readonly bool _hasWeight;

    /// <summary>Creates the loss.</summary>
    /// <param name="weight">Optional weight broadcast to the input's shape, e.g. one per class <c>[C]</c>.</param>
    /// <param name="reduction">Mean (default), Sum or None (<c>[N]</c>).</param>
    public MultiLabelSoftMarginLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean) : base(reduction) =>
        _hasWeight = RegisterOptionalBuffer("weight", weight);

    /// <summary>The weight (buffer <c>weight</c>), or null.</summary>
    public Tensor? Weight => OptionalBuffer("weight", _hasWeight);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.MultiLabelSoftMarginLoss(input, target, Weight, Reduction);

    /// <inheritdoc/>
    public override string Describe() =>
        $"MultiLabelSoftMarginLoss(reduction: {Reduction}{(Weight is { } w ? $", weight: {w.Shape}" : "")})";
}
