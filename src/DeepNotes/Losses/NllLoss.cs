using System.Globalization;

namespace DeepNotes.Losses;

/// <summary>
/// Negative log-likelihood of log-probabilities, like <c>torch.nn.NLLLoss</c>; see <see cref="Functional.NllLoss"/>.
/// Input: log-probabilities <c>[N, C]</c>, <c>[N, C, d1, ...]</c> or <c>[C]</c>; target: Int32 class indices
/// <c>[N]</c>, <c>[N, d1, ...]</c> or <c>[]</c>. Class weights are registered as the buffer <c>weight</c>.
/// </summary>
public sealed class NllLoss : Loss
{
    private readonly bool _hasWeight;

    /// <summary>Creates the loss.</summary>
    /// <param name="weight">Optional class weights <c>[C]</c>.</param>
    /// <param name="ignoreIndex">A target value that contributes neither loss nor gradient (default −100).</param>
    /// <param name="reduction">Mean (default; divides by the summed weights of the non-ignored targets), Sum or None.</param>
    public NllLoss(Tensor? weight = null, int ignoreIndex = -100, Reduction reduction = Reduction.Mean) : base(reduction)
    {
        _hasWeight = RegisterOptionalBuffer("weight", weight);
        IgnoreIndex = ignoreIndex;
    }

    /// <summary>The class weights (buffer <c>weight</c>), or null.</summary>
    public Tensor? Weight => OptionalBuffer("weight", _hasWeight);

    /// <summary>The target value that is ignored.</summary>
    public int IgnoreIndex { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.NllLoss(input, target, Weight, IgnoreIndex, Reduction);

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"NllLoss(reduction: {Reduction}, ignoreIndex: {IgnoreIndex}{(Weight is { } w ? $", weight: {w.Shape}" : "")})");
}
