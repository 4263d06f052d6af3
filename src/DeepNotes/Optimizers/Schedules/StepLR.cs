namespace DeepNotes.Optimizers.Schedules;

/// <summary>
/// Multiplies the learning rate by <see cref="Gamma"/> every <see cref="StepSize"/> epochs, like PyTorch's
/// <c>StepLR</c>: lr(e) = base · γ^⌊e / stepSize⌋. With base 0.1, stepSize 30, γ 0.1: 0.1 for epochs 0–29,
/// 0.01 for 30–59, 0.001 for 60–89, ...
/// </summary>
public sealed class StepLR : LRScheduler
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="optimizer">The optimizer whose learning rates to set.</param>
    /// <param name="stepSize">Epochs between decays (≥ 1).</param>
    /// <param name="gamma">The decay factor (≥ 0; PyTorch's default 0.1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stepSize"/> &lt; 1 or <paramref name="gamma"/> negative or not finite.</exception>
    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1)
        : base(optimizer)
    {
        HyperParameters.CheckAtLeastOne(nameof(StepLR), "step size", stepSize, nameof(stepSize));
        CheckFactor(nameof(StepLR), gamma, nameof(gamma));
        StepSize = stepSize;
        Gamma = gamma;
        Apply();
    }

    /// <summary>Epochs between decays.</summary>
    public int StepSize { get; }

    /// <summary>The decay factor.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected internal override double GetLearningRate(double baseLearningRate, int epoch) =>
        baseLearningRate * Math.Pow(Gamma, epoch / StepSize);

    internal static void CheckFactor(string owner, double gamma, string paramName)
    {
        if (!(gamma >= 0 && double.IsFinite(gamma)))
            throw new ArgumentOutOfRangeException(paramName, gamma, $"{owner}: gamma must be a finite number >= 0, got {gamma}.");
    }
}
