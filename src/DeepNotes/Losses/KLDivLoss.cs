using System.Globalization;

namespace DeepNotes.Losses;

/// <summary>
/// Kullback–Leibler divergence, like <c>torch.nn.KLDivLoss</c>; see <see cref="Functional.KLDivLoss"/>. Input:
/// log-probabilities, any shape; target: probabilities (or log-probabilities with <see cref="LogTarget"/>), same shape
/// and dtype. Use <see cref="Reduction.BatchMean"/> for the divergence per sample, as PyTorch recommends.
/// </summary>
public sealed class KLDivLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean (default, over all elements), Sum, None or BatchMean (sum over the batch size).</param>
    /// <param name="logTarget">Whether the target holds log-probabilities.</param>
    public KLDivLoss(Reduction reduction = Reduction.Mean, bool logTarget = false) : base(reduction, allowBatchMean: true) =>
        LogTarget = logTarget;

    /// <summary>Whether the target holds log-probabilities.</summary>
    public bool LogTarget { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.KLDivLoss(input, target, Reduction, LogTarget);

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"KLDivLoss(reduction: {Reduction}, logTarget: {(LogTarget ? "true" : "false")})");
}
