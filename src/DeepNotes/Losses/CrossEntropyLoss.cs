using System.Globalization;

namespace DeepNotes.Losses;

/// <summary>
/// Cross-entropy of logits, like <c>torch.nn.CrossEntropyLoss</c>: log-softmax and negative log-likelihood fused;
/// see <see cref="Functional.CrossEntropy"/>. Input: logits <c>[N, C]</c>, <c>[N, C, d1, ...]</c> or <c>[C]</c>;
/// target: Int32 class indices <c>[N]</c>, <c>[N, d1, ...]</c> or <c>[]</c>, or probabilities of the input's shape.
/// Class weights are registered as the buffer <c>weight</c>.
/// </summary>
public sealed class CrossEntropyLoss : Loss
{
    private readonly bool _hasWeight;

    /// <summary>Creates the loss.</summary>
    /// <param name="weight">Optional class weights <c>[C]</c>.</param>
    /// <param name="ignoreIndex">A target value that contributes neither loss nor gradient (default −100).</param>
    /// <param name="reduction">Mean (default; divides by the summed weights of the non-ignored targets), Sum or None.</param>
    /// <param name="labelSmoothing">ε in [0, 1]: the target becomes (1 − ε)·target + ε/C (default 0).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="labelSmoothing"/> is outside [0, 1].</exception>
    public CrossEntropyLoss(Tensor? weight = null, int ignoreIndex = -100, Reduction reduction = Reduction.Mean, double labelSmoothing = 0.0)
        : base(reduction)
    {
        Functional.CheckLabelSmoothing("CrossEntropyLoss", labelSmoothing);
        _hasWeight = RegisterOptionalBuffer("weight", weight);
        IgnoreIndex = ignoreIndex;
        LabelSmoothing = labelSmoothing;
    }

    /// <summary>The class weights (buffer <c>weight</c>), or null.</summary>
    public Tensor? Weight => OptionalBuffer("weight", _hasWeight);

    /// <summary>The target value that is ignored.</summary>
    public int IgnoreIndex { get; }

    /// <summary>The label smoothing ε.</summary>
    public double LabelSmoothing { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) =>
        Functional.CrossEntropy(input, target, Weight, IgnoreIndex, Reduction, LabelSmoothing);

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"CrossEntropyLoss(reduction: {Reduction}, ignoreIndex: {IgnoreIndex}, labelSmoothing: {LabelSmoothing}{(Weight is { } w ? $", weight: {w.Shape}" : "")})");
}
