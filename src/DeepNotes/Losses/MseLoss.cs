using System.Globalization;

namespace DeepNotes.Losses;

/// <summary>
/// Mean squared error (x − y)², like <c>torch.nn.MSELoss</c>; see <see cref="Functional.MseLoss"/>.
/// Input and target: any shape, same shape and dtype.
/// </summary>
public sealed class MseLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    public MseLoss(Reduction reduction = Reduction.Mean) : base(reduction) { }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.MseLoss(input, target, Reduction);

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"MseLoss(reduction: {Reduction})");
}
