using System.Globalization;

namespace DeepNotes.Losses;

/// <summary>
/// Poisson negative log-likelihood, like <c>torch.nn.PoissonNLLLoss</c>; see <see cref="Functional.PoissonNllLoss"/>.
/// Input (log-)rates and target counts: any shape, same shape and dtype.
/// </summary>
public sealed class PoissonNllLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="logInput">Whether the input is the log-rate (default true): ℓ = eˣ − y·x, else x − y·ln(x + ε).</param>
    /// <param name="full">Whether to add the Stirling term where y &gt; 1 (default false).</param>
    /// <param name="eps">ε inside the logarithm when <paramref name="logInput"/> is false (default 1e-8).</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eps"/> is not finite.</exception>
    public PoissonNllLoss(bool logInput = true, bool full = false, double eps = 1e-8, Reduction reduction = Reduction.Mean) : base(reduction)
    {
        if (!double.IsFinite(eps))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, string.Create(CultureInfo.InvariantCulture, $"PoissonNllLoss: eps must be finite, got {eps}."));
        LogInput = logInput;
        Full = full;
        Eps = eps;
    }

    /// <summary>Whether the input is the log-rate.</summary>
    public bool LogInput { get; }

    /// <summary>Whether the Stirling term is added.</summary>
    public bool Full { get; }

    /// <summary>ε inside the logarithm.</summary>
    public double Eps { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.PoissonNllLoss(input, target, LogInput, Full, Eps, Reduction);

    /// <inheritdoc/>
    public override string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"PoissonNllLoss(logInput: {LogInput}, full: {Full}, eps: {Eps}, reduction: {Reduction})");
}
