using DeepNotes.Layers;

namespace DeepNotes.Training;

/// <summary>
/// Saves the model at the end of epochs through a delegate, like Keras' <c>ModelCheckpoint</c>; the delegate decides
/// how (e.g. a safetensors writer: <c>(model, epoch, logs) =&gt; model.SaveSafetensors($"ckpt-{epoch}.safetensors")</c>).
/// With <see cref="SaveBestOnly"/>, it saves only when the monitored value beats the best so far (strictly, by more
/// than <c>minDelta</c>).
/// </summary>
public sealed class ModelCheckpoint : Callback
{
    private readonly Action<Module, int, IReadOnlyDictionary<string, double>> _save;

    /// <summary>Creates the callback.</summary>
    /// <param name="save">Called with the model, the epoch (from 0) and the epoch's logs.</param>
    /// <param name="monitor">The log value compared with <paramref name="saveBestOnly"/>.</param>
    /// <param name="saveBestOnly">Save only on improvement of <paramref name="monitor"/>.</param>
    /// <param name="mode">Whether lower or higher is better; <see cref="MonitorMode.Auto"/> guesses from the name.</param>
    /// <param name="minDelta">The smallest change counted as an improvement (≥ 0).</param>
    public ModelCheckpoint(Action<Module, int, IReadOnlyDictionary<string, double>> save, string monitor = "val_loss",
        bool saveBestOnly = false, MonitorMode mode = MonitorMode.Auto, double minDelta = 0)
    {
        ArgumentNullException.ThrowIfNull(save);
        Monitor.CheckName(monitor);
        if (!(minDelta >= 0)) throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, $"ModelCheckpoint: minDelta must be ≥ 0, got {minDelta}.");
        _save = save;
        MonitorName = monitor;
        SaveBestOnly = saveBestOnly;
        Mode = DeepNotes.Training.Monitor.Resolve(monitor, mode);
        MinDelta = minDelta;
    }

    /// <summary>The log value watched when <see cref="SaveBestOnly"/>.</summary>
    public string MonitorName { get; }

    /// <summary>Whether only improvements are saved.</summary>
    public bool SaveBestOnly { get; }

    /// <summary>The resolved mode.</summary>
    public MonitorMode Mode { get; }

    /// <summary>The smallest change counted as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>The best monitored value saved so far.</summary>
    public double Best { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin() => Best = DeepNotes.Training.Monitor.Worst(Mode);

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        if (SaveBestOnly)
        {
            double current = DeepNotes.Training.Monitor.Read(nameof(ModelCheckpoint), MonitorName, logs);
            if (!DeepNotes.Training.Monitor.IsImprovement(Mode, current, Best, MinDelta)) return;
            Best = current;
        }
        _save(Trainer.Model, epoch, new Dictionary<string, double>(logs));
    }
}
