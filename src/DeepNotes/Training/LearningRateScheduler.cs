using DeepNotes.Optimizers.Schedules;

namespace DeepNotes.Training;

/// <summary>
/// Steps a learning-rate schedule at the end of every epoch (or after every optimizer step): an <see cref="LRScheduler"/> (<c>Step()</c>) or a
/// <see cref="ReduceLROnPlateau"/> (<c>Step(logs[monitor])</c>). The rate used during an epoch is logged as <c>lr</c>
/// by the trainer; this callback changes the rate of the next epoch.
/// </summary>
public sealed class LearningRateScheduler : Callback
{
    private readonly LRScheduler? _scheduler;
    private readonly ReduceLROnPlateau? _plateau;

    /// <summary>
    /// Steps <paramref name="scheduler"/> once per epoch (PyTorch's usual <c>scheduler.step()</c> after each epoch), or
    /// with <paramref name="perBatch"/> after every optimizer step (warm-up, one-cycle and cosine schedules counted in
    /// iterations; with gradient accumulation, once per accumulated step).
    /// </summary>
    public LearningRateScheduler(LRScheduler scheduler, bool perBatch = false)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        _scheduler = scheduler;
        MonitorName = null;
        PerBatch = perBatch;
    }

    /// <summary>True when the schedule steps after every optimizer step rather than every epoch.</summary>
    public bool PerBatch { get; }

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
    public override void OnBatchEnd(BatchLogs logs)
    {
        if (PerBatch && logs.OptimizerStepped) _scheduler!.Step();
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        if (PerBatch) return;
        if (_scheduler is not null) _scheduler.Step();
        else _plateau!.Step(DeepNotes.Training.Monitor.Read(nameof(LearningRateScheduler), MonitorName!, logs));
    }
}
