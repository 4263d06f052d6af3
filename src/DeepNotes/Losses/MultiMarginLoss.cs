using System.Globalization;

namespace DeepNotes.Losses;

/// <summary>
/// Multiclass hinge loss, like <c>torch.nn.MultiMarginLoss</c>; see <see cref="Functional.MultiMarginLoss"/>.
/// Input: scores <c>[N, C]</c> or <c>[C]</c>; target: Int32 class indices <c>[N]</c> or <c>[]</c>. Class weights are
/// registered as the buffer <c>weight</c>.
/// </summary>
public sealed class MultiMarginLoss : Loss
{
    private readonly bool _hasWeight;

    /// <summary>Creates the loss.</summary>
    /// <param name="p">1 (hinge, default) or 2 (squared hinge).</param>
    /// <param name="margin">The margin Δ (default 1).</param>
    /// <param name="weight">Optional class weights <c>[C]</c>.</param>
    /// <param name="reduction">Mean (default; divides by N), Sum or None.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is not 1 or 2, or <paramref name="margin"/> is not finite.</exception>
    public MultiMarginLoss(int p = 1, double margin = 1.0, Tensor? weight = null, Reduction reduction = Reduction.Mean) : base(reduction)
    {
        if (p is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(p), p, $"MultiMarginLoss: p must be 1 or 2, got {p}.");
        if (!double.IsFinite(margin))
            throw new ArgumentOutOfRangeException(nameof(margin), margin, $"MultiMarginLoss: margin must be finite, got {margin}.");
        P = p;
        Margin = margin;
        _hasWeight = RegisterOptionalBuffer("weight", weight);
    }

    /// <summary>The exponent p (1 or 2).</summary>
    public int P { get; }

    /// <summary>The margin Δ.</summary>
    public double Margin { get; }

    /// <summary>The class weights (buffer <c>weight</c>), or null.</summary>
    public Tensor? Weight => OptionalBuffer("weight", _hasWeight);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.MultiMarginLoss(input, target, P, Margin, Weight, Reduction);

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"MultiMarginLoss(reduction: {Reduction}, p: {P}, margin: {Margin}{(Weight is { } w ? $", weight: {w.Shape}" : "")})");
}
