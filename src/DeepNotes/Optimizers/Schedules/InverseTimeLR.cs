namespace DeepNotes.Optimizers.Schedules;

/// <summary>
/// Inverse-time decay, like Keras' <c>InverseTimeDecay</c>: lr(e) = base / (1 + k · e / decaySteps), or with
/// <see cref="Staircase"/> lr(e) = base / (1 + k · ⌊e / decaySteps⌋). With decaySteps = 1 this is the classic
/// α₀ / (1 + k·t). PyTorch has no built-in equivalent (a <c>LambdaLR</c> would express it).
/// </summary>
public sealed class InverseTimeLR : LRScheduler
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="optimizer">The optimizer whose learning rates to set.</param>
    /// <param name="decayRate">k, the decay rate (≥ 0).</param>
    /// <param name="decaySteps">Epochs (or steps) per unit of time (≥ 1).</param>
    /// <param name="staircase">Decay in discrete jumps every <paramref name="decaySteps"/> instead of continuously.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decayRate"/> is negative or not finite, or <paramref name="decaySteps"/> &lt; 1.</exception>
    public InverseTimeLR(Optimizer optimizer, double decayRate, int decaySteps = 1, bool staircase = false)
        : base(optimizer)
    {
        if (!(decayRate >= 0 && double.IsFinite(decayRate)))
            throw new ArgumentOutOfRangeException(nameof(decayRate), decayRate, $"InverseTimeLR: the decay rate must be a finite number >= 0, got {decayRate}.");
        HyperParameters.CheckAtLeastOne(nameof(InverseTimeLR), "number of decay steps", decaySteps, nameof(decaySteps));
        DecayRate = decayRate;
        DecaySteps = decaySteps;
        Staircase = staircase;
        Apply();
    }

    /// <summary>k, the decay rate.</summary>
    public double DecayRate { get; }

    /// <summary>Epochs (or steps) per unit of time.</summary>
    public int DecaySteps { get; }

    /// <summary>Whether the rate decays in discrete jumps.</summary>
    public bool Staircase { get; }

    /// <inheritdoc/>
    protected internal override double GetLearningRate(double baseLearningRate, int epoch)
    {
        double time = Staircase ? epoch / DecaySteps : (double)epoch / DecaySteps;
        return baseLearningRate / (1 + DecayRate * time);
    }
}
