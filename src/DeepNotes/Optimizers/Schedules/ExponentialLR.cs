namespace DeepNotes.Optimizers.Schedules;

/// <summary>
/// Multiplies the learning rate by <see cref="Gamma"/> every epoch, like PyTorch's <c>ExponentialLR</c>:
/// lr(e) = base · γᵉ.
/// </summary>
public sealed class ExponentialLR : LRScheduler
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="optimizer">The optimizer whose learning rates to set.</param>
    /// <param name="gamma">The decay factor per epoch (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is negative or not finite.</exception>
    public ExponentialLR(Optimizer optimizer, double gamma)
        : base(optimizer)
    {
        StepLR.CheckFactor(nameof(ExponentialLR), gamma, nameof(gamma));
        Gamma = gamma;
        Apply();
    }

    /// <summary>The decay factor per epoch.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected internal override double GetLearningRate(double baseLearningRate, int epoch) =>
        baseLearningRate * Math.Pow(Gamma, epoch);
}
