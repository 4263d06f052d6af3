using System.Globalization;

namespace DeepNotes.Losses;

/// <summary>
/// Binary cross-entropy of probabilities, like <c>torch.nn.BCELoss</c>; see <see cref="Functional.BinaryCrossEntropy"/>.
/// Input: probabilities in [0, 1], any shape; target: same shape and dtype. An optional <see cref="Weight"/>
/// (broadcast to the input) is registered as the buffer <c>weight</c>. Prefer <see cref="BceWithLogitsLoss"/> on logits.
/// </summary>
public sealed class BceLoss : Loss
{
    private readonly bool _hasWeight;

    /// <summary>Creates the loss.</summary>
    /// <param name="weight">Optional rescaling weight broadcast to the input's shape.</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    public BceLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean) : base(reduction) =>
        _hasWeight = RegisterOptionalBuffer("weight", weight);

    /// <summary>The rescaling weight (buffer <c>weight</c>), or null.</summary>
    public Tensor? Weight => OptionalBuffer("weight", _hasWeight);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.BinaryCrossEntropy(input, target, Weight, Reduction);

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"BceLoss(reduction: {Reduction}{(Weight is { } w ? $", weight: {w.Shape}" : "")})");
}
