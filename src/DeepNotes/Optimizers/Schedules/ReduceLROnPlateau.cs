namespace DeepNotes.Optimizers.Schedules;

/// <summary>Whether <see cref="ReduceLROnPlateau"/> watches a metric to minimise (a loss) or to maximise (an accuracy).</summary>
public enum PlateauMode
{
    /// <summary>Lower is better.</summary>
    Min,

    /// <summary>Higher is better.</summary>
    Max,
}

/// <summary>How <see cref="ReduceLROnPlateau"/> decides that a metric improved on the best value so far.</summary>
public enum ThresholdMode
{
    /// <summary>Better by a fraction: below best·(1 − threshold) (Min) or above best·(1 + threshold) (Max).</summary>
    Relative,

    /// <summary>Better by an amount: below best − threshold (Min) or above best + threshold (Max).</summary>
    Absolute,
}

/// <summary>
/// Reduces the learning rate when a metric has stopped improving, PyTorch's <c>ReduceLROnPlateau</c>: after more than
/// <see cref="Patience"/> epochs in a row without improvement, every group's rate becomes max(lr · factor, minLr), then
/// <see cref="Cooldown"/> epochs pass before bad epochs count again.
/// </summary>
/// <remarks>
/// Call <see cref="Step(double)"/> once per epoch with the validation metric:
/// <code>
/// var plateau = new ReduceLROnPlateau(optimizer, PlateauMode.Min, factor: 0.5, patience: 3);
/// for (int epoch = 0; epoch &lt; 100; epoch++)
/// {
///     TrainOneEpoch();
///     plateau.Step(ValidationLoss());
/// }
/// </code>
/// Unlike the <see cref="LRScheduler"/> schedules it multiplies the current rates, so it combines with rates set by
/// hand. A reduction smaller than <see cref="Epsilon"/> is skipped. A NaN metric never counts as an improvement.
/// </remarks>
public sealed class ReduceLROnPlateau
{
    private double[] _lastLearningRates;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="optimizer">The optimizer whose learning rates to reduce.</param>
    /// <param name="mode">Whether the metric should go down (<see cref="PlateauMode.Min"/>) or up.</param>
    /// <param name="factor">The factor a reduction multiplies the rates by, in [0, 1).</param>
    /// <param name="patience">Epochs without improvement tolerated before reducing (≥ 0).</param>
    /// <param name="threshold">The least change that counts as an improvement (≥ 0), see <paramref name="thresholdMode"/>.</param>
    /// <param name="thresholdMode">Whether <paramref name="threshold"/> is relative or absolute.</param>
    /// <param name="cooldown">Epochs after a reduction during which bad epochs are not counted (≥ 0).</param>
    /// <param name="minLearningRate">The rates never go below this (≥ 0).</param>
    /// <param name="epsilon">A reduction smaller than this is not applied (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range.</exception>
    public ReduceLROnPlateau(Optimizer optimizer, PlateauMode mode = PlateauMode.Min, double factor = 0.1, int patience = 10,
        double threshold = 1e-4, ThresholdMode thresholdMode = ThresholdMode.Relative, int cooldown = 0,
        double minLearningRate = 0, double epsilon = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (!(factor >= 0 && factor < 1))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, $"ReduceLROnPlateau: the factor must be in [0, 1), got {factor}.");
        if (patience < 0)
            throw new ArgumentOutOfRangeException(nameof(patience), patience, $"ReduceLROnPlateau: the patience must be >= 0, got {patience}.");
        if (cooldown < 0)
            throw new ArgumentOutOfRangeException(nameof(cooldown), cooldown, $"ReduceLROnPlateau: the cooldown must be >= 0, got {cooldown}.");
        HyperParameters.CheckNonNegative(nameof(ReduceLROnPlateau), "threshold", threshold, nameof(threshold));
        HyperParameters.CheckNonNegative(nameof(ReduceLROnPlateau), "minimum learning rate", minLearningRate, nameof(minLearningRate));
        HyperParameters.CheckNonNegative(nameof(ReduceLROnPlateau), "epsilon", epsilon, nameof(epsilon));
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "ReduceLROnPlateau: unknown mode.");
        if (!Enum.IsDefined(thresholdMode)) throw new ArgumentOutOfRangeException(nameof(thresholdMode), thresholdMode, "ReduceLROnPlateau: unknown threshold mode.");

        Optimizer = optimizer;
        Mode = mode;
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        ThresholdMode = thresholdMode;
        Cooldown = cooldown;
        MinLearningRate = minLearningRate;
        Epsilon = epsilon;
        Best = mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;
        _lastLearningRates = optimizer.ParameterGroups.Select(g => g.LearningRate).ToArray();
    }

    /// <summary>The optimizer whose learning rates this scheduler reduces.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Whether the metric should go down or up.</summary>
    public PlateauMode Mode { get; }

    /// <summary>The factor a reduction multiplies the rates by.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement tolerated before reducing.</summary>
    public int Patience { get; }

    /// <summary>The least change that counts as an improvement.</summary>
    public double Threshold { get; }

    /// <summary>Whether <see cref="Threshold"/> is relative or absolute.</summary>
    public ThresholdMode ThresholdMode { get; }

    /// <summary>Epochs after a reduction during which bad epochs are not counted.</summary>
    public int Cooldown { get; }

    /// <summary>The floor of the learning rates.</summary>
    public double MinLearningRate { get; }

    /// <summary>The smallest reduction applied.</summary>
    public double Epsilon { get; }

    /// <summary>The best metric seen so far (+∞ for Min, −∞ for Max before the first step).</summary>
    public double Best { get; private set; }

    /// <summary>Consecutive epochs without improvement (PyTorch's <c>num_bad_epochs</c>).</summary>
    public int BadEpochs { get; private set; }

    /// <summary>Epochs of cooldown left.</summary>
    public int CooldownCounter { get; private set; }

    /// <summary>Number of <see cref="Step(double)"/> calls so far.</summary>
    public int LastEpoch { get; private set; }

    /// <summary>The first group's learning rate after the last step.</summary>
    public double LastLearningRate => _lastLearningRates[0];

    /// <summary>Every group's learning rate after the last step.</summary>
    public IReadOnlyList<double> LastLearningRates => _lastLearningRates;

    /// <summary>Records the epoch's <paramref name="metric"/> and reduces the learning rates when it has plateaued.</summary>
    /// <param name="metric">The monitored value for this epoch, e.g. the validation loss.</param>
    public void Step(double metric)
    {
        LastEpoch++;
        if (IsBetter(metric))
        {
            Best = metric;
            BadEpochs = 0;
        }
        else
        {
            BadEpochs++;
        }

        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            BadEpochs = 0;
        }

        if (BadEpochs > Patience)
        {
            Reduce();
            CooldownCounter = Cooldown;
            BadEpochs = 0;
        }
        _lastLearningRates = Optimizer.ParameterGroups.Select(g => g.LearningRate).ToArray();
    }

    /// <summary>The scheduler's progress (what PyTorch's <c>state_dict()</c> holds besides the options), for checkpoints.</summary>
    public ReduceLROnPlateauState GetState() => new(Best, BadEpochs, CooldownCounter, LastEpoch);

    /// <summary>
    /// Restores progress saved by <see cref="GetState"/> into a scheduler built with the same options; the optimizer's
    /// learning rates are restored with the optimizer, and <see cref="LastLearningRates"/> is read from it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative or the best value is NaN.</exception>
    public void SetState(ReduceLROnPlateauState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (double.IsNaN(state.Best) || state.BadEpochs < 0 || state.CooldownCounter < 0 || state.LastEpoch < 0)
            throw new ArgumentOutOfRangeException(nameof(state), state, "ReduceLROnPlateau.SetState expects a non-NaN best value and non-negative counts.");
        (Best, BadEpochs, CooldownCounter, LastEpoch) = (state.Best, state.BadEpochs, state.CooldownCounter, state.LastEpoch);
        _lastLearningRates = Optimizer.ParameterGroups.Select(g => g.LearningRate).ToArray();
    }

    private bool IsBetter(double metric) => (Mode, ThresholdMode) switch
    {
        (PlateauMode.Min, ThresholdMode.Relative) => metric < Best * (1 - Threshold),
        (PlateauMode.Min, ThresholdMode.Absolute) => metric < Best - Threshold,
        (PlateauMode.Max, ThresholdMode.Relative) => metric > Best * (1 + Threshold),
        _ => metric > Best + Threshold,
    };

    private void Reduce()
    {
        foreach (var group in Optimizer.ParameterGroups)
        {
            double old = group.LearningRate, reduced = Math.Max(old * Factor, MinLearningRate);
            if (old - reduced > Epsilon) group.LearningRate = reduced;
        }
    }
}
