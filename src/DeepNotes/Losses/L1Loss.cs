using System.Globalization;

namespace DeepNotes.Losses;

/// <summary>
/// Mean absolute error |x − y|, like <c>torch.nn.L1Loss</c>; see <see cref="Functional.L1Loss"/>.
/// Input and target: any shape, same shape and dtype.
/// </summary>
public sealed class L1Loss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    public L1Loss(Reduction reduction = Reduction.Mean) : base(reduction) { }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.L1Loss(input, target, Reduction);

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"L1Loss(reduction: {Reduction})");
}
