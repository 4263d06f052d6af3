namespace DeepNotes.Training;

/// <summary>
/// Stops training as soon as a batch loss is NaN or infinite, like Keras' <c>TerminateOnNaN</c>: the epoch ends after
/// that batch and no further epoch runs. <see cref="History.StopReason"/> names the epoch and batch.
/// </summary>
public sealed class TerminateOnNaN : Callback
{
    /// <summary>The epoch and batch (from 0) of the first non-finite loss, or null.</summary>
    public (int Epoch, int Batch)? TerminatedAt { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin() => TerminatedAt = null;

    /// <inheritdoc/>
    public override void OnBatchEnd(BatchLogs logs)
    {
        if (double.IsFinite(logs.Loss) || TerminatedAt is not null) return;
        TerminatedAt = (logs.Epoch, logs.Batch);
        Trainer.RequestStop($"TerminateOnNaN: loss {logs.Loss} at epoch {logs.Epoch}, batch {logs.Batch}.");
    }
}
