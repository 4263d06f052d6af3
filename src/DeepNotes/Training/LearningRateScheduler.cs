using DeepNotes.Optimizers.Schedules;

namespace DeepNotes.Training;

/// <summary>
/// Steps a learning-rate schedule at the end of every epoch: an <see cref="LRScheduler"/> (<c>Step()</c>) or a
/// <see cref="ReduceLROnPlateau"/> (<c>Step(logs[monitor])</c>). The rate used during an epoch is logged as <c>lr</c>
/// by the trainer; this callback changes the rate of the next epoch.
/// </summary>
public sealed class LearningRateScheduler : Callback
{
    private readonly LRScheduler? _scheduler;
    private readonly ReduceLROnPlateau? _plateau;

    /// <summary>Steps <paramref name="scheduler"/> once per epoch (PyTorch's usual <c>scheduler.step()</c> after each epoch).</summary>
    public LearningRateScheduler(LRScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        _scheduler = scheduler;
        MonitorName = null;
    }

    /// <summary>Steps <paramref name="scheduler"/> with the epoch's <paramref name="monitor"/> value (default <c>val_loss</c>).</summary>
    public LearningRateScheduler(ReduceLROnPlateau scheduler, string monitor = "val_loss")
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        Monitor.CheckName(monitor);
        _plateau = scheduler;
        MonitorName = monitor;
    }

    /// <summary>The log value given to a <see cref="ReduceLROnPlateau"/>, or null for an epoch schedule.</summary>
    public string? MonitorName { get; }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        if (_scheduler is not null) _scheduler.Step();
        else _plateau!.Step(DeepNotes.Training.Monitor.Read(nameof(LearningRateScheduler), MonitorName!, logs));
    }
}
