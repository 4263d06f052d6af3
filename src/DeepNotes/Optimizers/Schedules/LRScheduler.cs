namespace DeepNotes.Optimizers.Schedules;

/// <summary>
/// Base of the epoch- (or batch-) indexed learning-rate schedules, like <c>torch.optim.lr_scheduler.LRScheduler</c>:
/// a schedule wraps an <see cref="Optimizer"/> and, each time <see cref="Step"/> is called, sets every parameter
/// group's learning rate to <see cref="GetLearningRate"/> of that group's base rate and the new epoch.
/// </summary>
/// <remarks>
/// <para>Call <see cref="Step"/> once per epoch (or once per batch for per-iteration schedules), after the optimizer's steps:</para>
/// <code>
/// var optimizer = new Sgd(model.Parameters(), learningRate: 0.1, momentum: 0.9);
/// var schedule = new StepLR(optimizer, stepSize: 30, gamma: 0.1);
/// for (int epoch = 0; epoch &lt; 90; epoch++)
/// {
///     TrainOneEpoch(model, optimizer);
///     schedule.Step();
/// }
/// </code>
/// <para>
/// The base rate of a group is its <see cref="ParameterGroup.InitialLearningRate"/>, which the first schedule created
/// on the optimizer sets from the group's learning rate (PyTorch's <c>initial_lr</c>), so groups keep their ratios.
/// Schedules use PyTorch's closed forms: the rate depends only on the base rate and the epoch, so a learning rate set
/// by hand between steps is overwritten at the next <see cref="Step"/>. Use one schedule per optimizer; to chain a
/// warm-up into another schedule use <see cref="LinearWarmup"/>. A derived schedule implements
/// <see cref="GetLearningRate"/> and calls <see cref="Apply"/> at the end of its constructor.
/// </para>
/// </remarks>
public abstract class LRScheduler
{
    private double[] _lastLearningRates = [];

    /// <summary>Attaches the schedule to <paramref name="optimizer"/> at epoch 0, recording each group's base rate.</summary>
    /// <param name="optimizer">The optimizer whose learning rates the schedule sets.</param>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    protected LRScheduler(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        foreach (var group in optimizer.ParameterGroups) group.InitialLearningRate ??= group.LearningRate;
        _lastLearningRates = optimizer.ParameterGroups.Select(g => g.LearningRate).ToArray();
    }

    /// <summary>The optimizer whose learning rates this schedule sets.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The epoch the current learning rates belong to: 0 after construction, +1 per <see cref="Step"/> (PyTorch's <c>last_epoch</c>).</summary>
    public int LastEpoch { get; private set; }

    /// <summary>The base learning rate of each parameter group (<see cref="ParameterGroup.InitialLearningRate"/>).</summary>
    public IReadOnlyList<double> BaseLearningRates =>
        Optimizer.ParameterGroups.Select(g => g.InitialLearningRate ?? g.LearningRate).ToArray();

    /// <summary>The learning rate the schedule last set on the first parameter group (PyTorch's <c>get_last_lr()[0]</c>).</summary>
    public double LastLearningRate => _lastLearningRates[0];

    /// <summary>The learning rates the schedule last set, one per parameter group (PyTorch's <c>get_last_lr()</c>).</summary>
    public IReadOnlyList<double> LastLearningRates => _lastLearningRates;

    /// <summary>Advances one epoch and sets each group's learning rate to the schedule's value for it.</summary>
    public virtual void Step()
    {
        LastEpoch++;
        Apply();
    }

    /// <summary>
    /// The learning rate at <paramref name="epoch"/> for a group whose base rate is <paramref name="baseLearningRate"/>
    /// (a closed form: no dependence on earlier rates).
    /// </summary>
    /// <param name="baseLearningRate">The group's base (initial) learning rate.</param>
    /// <param name="epoch">The epoch, 0 for the rate in effect before the first <see cref="Step"/>.</param>
    /// <returns>The learning rate (≥ 0).</returns>
    protected internal abstract double GetLearningRate(double baseLearningRate, int epoch);

    /// <summary>Sets every group's learning rate for <see cref="LastEpoch"/>; derived constructors call it last.</summary>
    protected void Apply()
    {
        var groups = Optimizer.ParameterGroups;
        var rates = new double[groups.Count]; // a fresh array: lists handed out earlier keep their values
        for (int i = 0; i < groups.Count; i++)
        {
            var group = groups[i];
            double rate = GetLearningRate(group.InitialLearningRate ??= group.LearningRate, LastEpoch);
            group.LearningRate = rate;
            rates[i] = rate;
        }
        _lastLearningRates = rates;
    }

    /// <summary>Jumps to <paramref name="epoch"/> and applies it (used by <see cref="LinearWarmup"/> to drive the schedule it chains into).</summary>
    internal void StepTo(int epoch)
    {
        LastEpoch = epoch;
        Apply();
    }
}
