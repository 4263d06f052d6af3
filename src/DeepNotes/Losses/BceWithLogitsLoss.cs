using System.Globalization;

namespace DeepNotes.Losses;

/// <summary>
/// Binary cross-entropy on logits, like <c>torch.nn.BCEWithLogitsLoss</c>: a sigmoid and BCE in one stable formula;
/// see <see cref="Functional.BinaryCrossEntropyWithLogits"/>. Input: logits, any shape (<c>[N, C]</c> for
/// multi-label); target: same shape and dtype. <see cref="Weight"/> and <see cref="PosWeight"/> are registered as the
/// buffers <c>weight</c> and <c>pos_weight</c>, PyTorch's names.
/// </summary>
public sealed class BceWithLogitsLoss : Loss
{
    private readonly bool _hasWeight, _hasPosWeight;

    /// <summary>Creates the loss.</summary>
    /// <param name="weight">Optional rescaling weight broadcast to the input's shape.</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <param name="posWeight">Optional weight of positive examples, broadcast from the last axis (e.g. <c>[C]</c>, one per class).</param>
    public BceWithLogitsLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean, Tensor? posWeight = null) : base(reduction)
    {
        _hasWeight = RegisterOptionalBuffer("weight", weight);
        _hasPosWeight = RegisterOptionalBuffer("pos_weight", posWeight);
    }

    /// <summary>The rescaling weight (buffer <c>weight</c>), or null.</summary>
    public Tensor? Weight => OptionalBuffer("weight", _hasWeight);

    /// <summary>The positive-example weight (buffer <c>pos_weight</c>), or null.</summary>
    public Tensor? PosWeight => OptionalBuffer("pos_weight", _hasPosWeight);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) =>
        Functional.BinaryCrossEntropyWithLogits(input, target, Weight, Reduction, PosWeight);

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"BceWithLogitsLoss(reduction: {Reduction}{(Weight is { } w ? $", weight: {w.Shape}" : "")}{(PosWeight is { } p ? $", posWeight: {p.Shape}" : "")})");
}
