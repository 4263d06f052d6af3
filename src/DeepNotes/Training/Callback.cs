namespace DeepNotes.Training;

/// <summary>The logs of one training batch, given to <see cref="Callback.OnBatchEnd"/>.</summary>
/// <param name="Epoch">The epoch index, counted from 0.</param>
/// <param name="Batch">The batch index in the epoch, counted from 0.</param>
/// <param name="Size">The number of examples in the batch.</param>
/// <param name="Loss">The batch's loss (as returned by the loss function, before backward).</param>
public readonly record struct BatchLogs(int Epoch, int Batch, int Size, double Loss)
{
    /// <summary>
    /// Whether the optimizer stepped after this batch (always with <c>accumulationSteps</c> 1; with gradient
    /// accumulation only after the last batch of each group). Meaningful in <see cref="Callback.OnBatchEnd"/>.
    /// </summary>
    public bool OptimizerStepped { get; init; } = true;
}

/// <summary>
/// A hook into <see cref="Trainer.Fit"/>, like a Keras callback. Override the events you need; callbacks run in the
/// order given, on the training thread. A callback reaches the model and optimizer through <see cref="Trainer"/> and
/// ends training with <see cref="Trainer.RequestStop"/>.
/// </summary>
/// <remarks>
/// Order of events: <see cref="OnTrainBegin"/>; per epoch <see cref="OnEpochBegin"/>; per batch
/// <see cref="OnAfterBackward"/> (gradients computed), then — when the optimizer steps after this batch — gradient
/// clipping and <see cref="OnBeforeOptimizerStep"/>, then <see cref="OnBatchEnd"/>; then <see cref="OnEpochEnd"/> after
/// validation; finally <see cref="OnTrainEnd"/> (also when
/// training stops early, not when an exception escapes). Epoch logs are mutable: a callback may add values (they reach
/// later callbacks and the <see cref="History"/>).
/// </remarks>
public abstract class Callback
{
    private Trainer? _trainer;

    /// <summary>The trainer running this callback (set before <see cref="OnTrainBegin"/>).</summary>
    /// <exception cref="InvalidOperationException">Read outside a <see cref="Trainer.Fit"/> run.</exception>
    protected Trainer Trainer =>
        _trainer ?? throw new InvalidOperationException($"{GetType().Name} is used outside Trainer.Fit.");

    internal void Attach(Trainer trainer) => _trainer = trainer;

    /// <summary>Called once before the first epoch.</summary>
    public virtual void OnTrainBegin() { }

    /// <summary>Called once after the last epoch run, with the finished history.</summary>
    public virtual void OnTrainEnd(History history) { }

    /// <summary>Called before epoch <paramref name="epoch"/> (counted from 0).</summary>
    public virtual void OnEpochBegin(int epoch) { }

    /// <summary>Called after the epoch's training and validation, with its logs (<c>loss</c>, metrics, <c>val_</c>…, <c>lr</c>).</summary>
    public virtual void OnEpochEnd(int epoch, IDictionary<string, double> logs) { }

    /// <summary>Called after each training batch (after its optimizer step, when there was one: <see cref="BatchLogs.OptimizerStepped"/>).</summary>
    public virtual void OnBatchEnd(BatchLogs logs) { }

    /// <summary>
    /// Called after each batch's backward pass, before clipping and the optimizer step: the parameters' gradients
    /// (accumulated so far in the group) can be read or changed, e.g. logged, or clipped a custom way.
    /// </summary>
    public virtual void OnAfterBackward(BatchLogs logs) { }

    /// <summary>Called just before each optimizer step, after gradient clipping.</summary>
    public virtual void OnBeforeOptimizerStep(BatchLogs logs) { }
}
