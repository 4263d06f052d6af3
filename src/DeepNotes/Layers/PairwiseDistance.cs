using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// Distance between corresponding rows, like <c>torch.nn.PairwiseDistance</c>: ‖x1 − x2 + ε‖_p over the last axis;
/// see <see cref="Functional.PairwiseDistance"/>. No parameters. <c>[N, D], [N, D] → [N]</c>.
/// </summary>
public sealed class PairwiseDistance : Module<(Tensor X1, Tensor X2), Tensor>
{
    /// <summary>Creates the module.</summary>
    /// <param name="p">The norm degree ≥ 0 or infinity (default 2).</param>
    /// <param name="eps">Added to the difference (default 1e-6).</param>
    /// <param name="keepDim">Whether to keep the last axis as size 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">p is negative or NaN, or ε is not finite.</exception>
    public PairwiseDistance(double p = 2, double eps = 1e-6, bool keepDim = false)
    {
        if (double.IsNaN(p) || p < 0)
            throw new ArgumentOutOfRangeException(nameof(p), p, string.Create(CultureInfo.InvariantCulture, $"PairwiseDistance: p must be ≥ 0, got {p}."));
        if (!double.IsFinite(eps))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, string.Create(CultureInfo.InvariantCulture, $"PairwiseDistance: eps must be finite, got {eps}."));
        P = p;
        Eps = eps;
        KeepDim = keepDim;
    }

    /// <summary>The norm degree.</summary>
    public double P { get; }

    /// <summary>The value added to the difference.</summary>
    public double Eps { get; }

    /// <summary>Whether the last axis is kept.</summary>
    public bool KeepDim { get; }

    /// <inheritdoc/>
    public override Tensor Forward((Tensor X1, Tensor X2) input) => Functional.PairwiseDistance(input.X1, input.X2, P, Eps, KeepDim);

    /// <summary>The distances between the rows of <paramref name="x1"/> and <paramref name="x2"/>.</summary>
    /// <param name="x1">First tensor <c>[N, D]</c>.</param>
    /// <param name="x2">Second tensor, broadcastable.</param>
    /// <returns><c>[N]</c> (or <c>[N, 1]</c> with <see cref="KeepDim"/>).</returns>
    public Tensor Forward(Tensor x1, Tensor x2) => Call((x1, x2));

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"PairwiseDistance(p: {P}, eps: {Eps}, keepDim: {KeepDim})");
}
