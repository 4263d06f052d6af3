namespace DeepNotes.Optimizers.Schedules;

/// <summary>
/// Linear learning-rate warm-up, optionally chained into another schedule: for the first <see cref="WarmupSteps"/>
/// epochs (or batches) lr(e) = base · (f₀ + (1 − f₀) · e / warmupSteps), rising from f₀ = <see cref="StartFactor"/>
/// times the base rate to the base rate, as PyTorch's <c>LinearLR(start_factor, end_factor=1, total_iters)</c>. From
/// epoch warmupSteps on, the rate is the base rate, or, when <see cref="Then"/> is given, that schedule's rate at
/// epoch e − warmupSteps, as PyTorch's <c>SequentialLR([LinearLR, then], milestones=[warmupSteps])</c>.
/// </summary>
/// <remarks>
/// <code>
/// var optimizer = new AdamW(model.Parameters(), learningRate: 1e-3);
/// var schedule = new LinearWarmup(optimizer, warmupSteps: 5, startFactor: 0.1,
///                                 then: new CosineAnnealingLR(optimizer, tMax: 95));
/// for (int epoch = 0; epoch &lt; 100; epoch++) { TrainOneEpoch(); schedule.Step(); }
/// </code>
/// The chained schedule must wrap the same optimizer; step only the warm-up, which drives it (its
/// <see cref="LRScheduler.LastEpoch"/> follows, counting from the end of the warm-up).
/// </remarks>
public sealed class LinearWarmup : LRScheduler
{
    /// <summary>Creates the warm-up and sets the first rate, f₀ · base.</summary>
    /// <param name="optimizer">The optimizer whose learning rates to set.</param>
    /// <param name="warmupSteps">Epochs (or batches) of warm-up (≥ 1).</param>
    /// <param name="startFactor">f₀, the fraction of the base rate at epoch 0, in (0, 1] (PyTorch's default 1/3).</param>
    /// <param name="then">The schedule that takes over after the warm-up, or null to stay at the base rate.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="warmupSteps"/> &lt; 1 or <paramref name="startFactor"/> outside (0, 1].</exception>
    /// <exception cref="ArgumentException"><paramref name="then"/> wraps another optimizer.</exception>
    public LinearWarmup(Optimizer optimizer, int warmupSteps, double startFactor = 1.0 / 3, LRScheduler? then = null)
        : base(optimizer)
    {
        HyperParameters.CheckAtLeastOne(nameof(LinearWarmup), "number of warm-up steps", warmupSteps, nameof(warmupSteps));
        if (!(startFactor > 0 && startFactor <= 1))
            throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor, $"LinearWarmup: the start factor must be in (0, 1], got {startFactor}.");
        if (then is not null && !ReferenceEquals(then.Optimizer, optimizer))
            throw new ArgumentException("LinearWarmup: the schedule to chain into must wrap the same optimizer as the warm-up.", nameof(then));
        if (then is LinearWarmup)
            throw new ArgumentException("LinearWarmup: chaining a warm-up into another warm-up is not supported.", nameof(then));
        WarmupSteps = warmupSteps;
        StartFactor = startFactor;
        Then = then;
        Apply();
    }

    /// <summary>Epochs (or batches) of warm-up.</summary>
    public int WarmupSteps { get; }

    /// <summary>f₀, the fraction of the base rate at epoch 0.</summary>
    public double StartFactor { get; }

    /// <summary>The schedule that takes over after the warm-up, if any.</summary>
    public LRScheduler? Then { get; }

    /// <inheritdoc/>
    public override void Step()
    {
        base.Step();
        if (Then is not null && LastEpoch >= WarmupSteps) Then.StepTo(LastEpoch - WarmupSteps);
    }

    /// <inheritdoc/>
    protected internal override double GetLearningRate(double baseLearningRate, int epoch)
    {
        if (epoch >= WarmupSteps)
            return Then is null ? baseLearningRate : Then.GetLearningRate(baseLearningRate, epoch - WarmupSteps);
        return baseLearningRate * (StartFactor + (1 - StartFactor) * epoch / WarmupSteps);
    }
}
