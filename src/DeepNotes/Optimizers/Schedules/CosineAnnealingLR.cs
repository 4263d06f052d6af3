namespace DeepNotes.Optimizers.Schedules;

/// <summary>
/// Cosine annealing from the base rate down to <see cref="MinLearningRate"/> over <see cref="TMax"/> epochs, PyTorch's
/// <c>CosineAnnealingLR</c> in its closed form: lr(e) = η_min + (base − η_min) · (1 + cos(π · e / T_max)) / 2.
/// After T_max epochs the cosine continues (the rate climbs back towards the base over the next T_max epochs), as in
/// PyTorch; stop stepping, or chain schedules, for a flat tail. No warm restarts (SGDR).
/// </summary>
public sealed class CosineAnnealingLR : LRScheduler
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="optimizer">The optimizer whose learning rates to set.</param>
    /// <param name="tMax">Epochs of the half cosine from the base rate to the minimum (≥ 1).</param>
    /// <param name="minLearningRate">η_min, the rate reached at epoch T_max (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tMax"/> &lt; 1 or <paramref name="minLearningRate"/> negative.</exception>
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double minLearningRate = 0)
        : base(optimizer)
    {
        HyperParameters.CheckAtLeastOne(nameof(CosineAnnealingLR), "T_max", tMax, nameof(tMax));
        HyperParameters.CheckNonNegative(nameof(CosineAnnealingLR), "minimum learning rate", minLearningRate, nameof(minLearningRate));
        TMax = tMax;
        MinLearningRate = minLearningRate;
        Apply();
    }

    /// <summary>Epochs of the half cosine.</summary>
    public int TMax { get; }

    /// <summary>η_min, the rate reached at epoch T_max.</summary>
    public double MinLearningRate { get; }

    /// <inheritdoc/>
    protected internal override double GetLearningRate(double baseLearningRate, int epoch) =>
        MinLearningRate + (baseLearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * epoch / TMax)) / 2;
}
