namespace DeepNotes.Training;

/// <summary>
/// Stops training when a monitored log value stops improving, like Keras' <c>EarlyStopping</c>: after
/// <see cref="Patience"/> epochs in a row without an improvement larger than <see cref="MinDelta"/>, it requests a stop.
/// With <see cref="RestoreBestWeights"/>, it keeps a copy of the model's state dict (parameters and persistent buffers)
/// from the best epoch and copies it back, in place, when training ends.
/// </summary>
/// <remarks>
/// An epoch improves when <c>current + minDelta &lt; best</c> (mode min) or <c>current − minDelta &gt; best</c> (mode max);
/// NaN never improves. Each epoch adds one to the wait; an improvement resets it and never stops training; otherwise
/// training stops at the end of epoch <c>e</c> when <c>wait ≥ patience</c> and <c>e &gt; 0</c> (Keras' rule), so with
/// patience 2 and the best value at epoch 3, training stops after epoch 5. Weights are restored
/// at the end of training whether or not it stopped early (Keras 3 behaviour); the tensors keep their identity, so an
/// optimizer holding them keeps working.
/// </remarks>
public sealed class EarlyStopping : Callback
{
    private Dictionary<string, Tensor>? _bestState;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">The log value to watch, e.g. <c>val_loss</c> (default) or <c>val_accuracy</c>.</param>
    /// <param name="patience">Epochs without improvement tolerated before stopping (≥ 0).</param>
    /// <param name="minDelta">The smallest change that counts as an improvement (≥ 0).</param>
    /// <param name="mode">Whether lower or higher is better; <see cref="MonitorMode.Auto"/> guesses from the name.</param>
    /// <param name="restoreBestWeights">Copy the best epoch's weights back into the model at the end.</param>
    /// <param name="baseline">A value the monitored quantity must beat: until it does, the wait keeps counting (training
    /// stops after <paramref name="patience"/> epochs unless the baseline is beaten), as in Keras.</param>
    public EarlyStopping(string monitor = "val_loss", int patience = 0, double minDelta = 0, MonitorMode mode = MonitorMode.Auto,
        bool restoreBestWeights = false, double? baseline = null)
    {
        Monitor.CheckName(monitor);
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        if (!(minDelta >= 0)) throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, $"EarlyStopping: minDelta must be ≥ 0, got {minDelta}.");
        MonitorName = monitor;
        Patience = patience;
        MinDelta = minDelta;
        Mode = DeepNotes.Training.Monitor.Resolve(monitor, mode);
        RestoreBestWeights = restoreBestWeights;
        Baseline = baseline;
    }

    /// <summary>The log value watched.</summary>
    public string MonitorName { get; }

    /// <summary>Epochs without improvement tolerated.</summary>
    public int Patience { get; }

    /// <summary>The smallest change counted as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>The resolved mode (never <see cref="MonitorMode.Auto"/>).</summary>
    public MonitorMode Mode { get; }

    /// <summary>Whether the best weights are copied back at the end.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>The value to beat at the start, or null.</summary>
    public double? Baseline { get; }

    /// <summary>The best value seen (±∞ before any).</summary>
    public double Best { get; private set; }

    /// <summary>The epoch (from 0) of <see cref="Best"/>, or −1 if none improved.</summary>
    public int BestEpoch { get; private set; } = -1;

    /// <summary>Epochs since the last improvement.</summary>
    public int Wait { get; private set; }

    /// <summary>The epoch (from 0) at whose end this callback stopped training, or −1.</summary>
    public int StoppedEpoch { get; private set; } = -1;

    /// <inheritdoc/>
    public override void OnTrainBegin()
    {
        Best = DeepNotes.Training.Monitor.Worst(Mode);
        BestEpoch = -1;
        Wait = 0;
        StoppedEpoch = -1;
        _bestState = null;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        double current = DeepNotes.Training.Monitor.Read(nameof(EarlyStopping), MonitorName, logs);
        Wait++;
        if (DeepNotes.Training.Monitor.IsImprovement(Mode, current, Best, MinDelta))
        {
            Best = current;
            BestEpoch = epoch;
            if (RestoreBestWeights) _bestState = Snapshot();
            // as Keras: an improvement never stops training; it restarts the wait only if it also beats the baseline
            if (Baseline is not { } baseline || DeepNotes.Training.Monitor.IsImprovement(Mode, current, baseline, MinDelta)) Wait = 0;
            return;
        }
        if (Wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            Trainer.RequestStop($"EarlyStopping: {MonitorName} did not improve for {Wait} epochs (best {Best} at epoch {BestEpoch}).");
        }
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(History history)
    {
        if (_bestState is null) return;
        using var _ = Autograd.NoGrad();
        foreach (var (name, live) in Trainer.Model.StateDict())
            if (_bestState.TryGetValue(name, out var saved)) live.CopyFrom(saved);
    }

    private Dictionary<string, Tensor> Snapshot()
    {
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, live) in Trainer.Model.StateDict()) state[name] = live.CloneRaw();
        return state;
    }
}
