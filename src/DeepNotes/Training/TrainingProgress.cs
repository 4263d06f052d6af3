namespace DeepNotes.Training;

/// <summary>
/// One progress report of <see cref="Trainer.Fit"/>: sent after every training batch and once more when the epoch's
/// logs (with validation values) are complete.
/// </summary>
/// <param name="Epoch">The epoch, counted from 1.</param>
/// <param name="Epochs">The number of epochs asked for.</param>
/// <param name="Batch">Batches done in this epoch, counted from 1 (equal to <paramref name="Batches"/> at the end).</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">The mean training loss over the examples seen so far in this epoch.</param>
/// <param name="Metrics">Running values of the training metrics (name → value) over the epoch so far.</param>
/// <param name="SamplesPerSecond">Training examples processed per second in this epoch so far.</param>
/// <param name="Elapsed">Time since the epoch began.</param>
/// <param name="Eta">Estimated time left in this epoch's training batches (zero at the last batch).</param>
/// <param name="EpochLogs">Null for batch reports; for the end-of-epoch report, every log of the epoch
/// (<c>loss</c>, metrics, <c>val_loss</c>, <c>val_</c>metrics, <c>lr</c>).</param>
public sealed record TrainingProgress(
    int Epoch,
    int Epochs,
    int Batch,
    int Batches,
    double Loss,
    IReadOnlyDictionary<string, double> Metrics,
    double SamplesPerSecond,
    TimeSpan Elapsed,
    TimeSpan Eta,
    IReadOnlyDictionary<string, double>? EpochLogs = null)
{
    /// <summary>True for the report sent when the epoch, including validation, is complete.</summary>
    public bool IsEpochEnd => EpochLogs is not null;
}
