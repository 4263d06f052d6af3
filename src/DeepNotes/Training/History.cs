namespace DeepNotes.Training;

/// <summary>What happened in one epoch of <see cref="Trainer.Fit"/>.</summary>
/// <param name="Epoch">The epoch index, counted from 0 (as callbacks receive it).</param>
/// <param name="Logs">Every value logged at the end of the epoch, in order: <c>loss</c>, the training metrics,
/// <c>val_loss</c> and <c>val_</c>metrics when there is validation data, <c>lr</c>, and whatever callbacks added.</param>
/// <param name="LearningRate">The optimizer's learning rate during the epoch (the first parameter group's).</param>
/// <param name="Duration">Wall-clock time of the epoch, including validation.</param>
public sealed record EpochRecord(int Epoch, IReadOnlyDictionary<string, double> Logs, double LearningRate, TimeSpan Duration)
{
    /// <summary>The mean training loss over the epoch's examples.</summary>
    public double Loss => Logs["loss"];

    /// <summary>The validation loss, or null without validation data.</summary>
    public double? ValidationLoss => Logs.TryGetValue("val_loss", out double v) ? v : null;
}

/// <summary>
/// The record of a <see cref="Trainer.Fit"/> run, one <see cref="EpochRecord"/> per epoch run (fewer than asked when
/// a callback stopped training), like the <c>History</c> Keras returns.
/// </summary>
public sealed class History
{
    private readonly List<EpochRecord> _epochs = [];

    /// <summary>The epochs run, in order.</summary>
    public IReadOnlyList<EpochRecord> Epochs => _epochs;

    /// <summary>The number of epochs run.</summary>
    public int Count => _epochs.Count;

    /// <summary>True when a callback requested a stop (<see cref="Trainer.RequestStop"/>); no epoch ran after the one in which it asked, and the request may come in the last epoch.</summary>
    public bool StoppedEarly { get; internal set; }

    /// <summary>Why training stopped early (as given to <see cref="Trainer.RequestStop"/>), or null.</summary>
    public string? StopReason { get; internal set; }

    /// <summary>The training loss per epoch.</summary>
    public IReadOnlyList<double> Loss => Values("loss");

    /// <summary>The validation loss per epoch (empty without validation data).</summary>
    public IReadOnlyList<double> ValidationLoss => _epochs.Count > 0 && _epochs[0].ValidationLoss is null ? [] : Values("val_loss");

    /// <summary>The learning rate per epoch.</summary>
    public IReadOnlyList<double> LearningRate => _epochs.Select(e => e.LearningRate).ToArray();

    /// <summary>The duration of each epoch.</summary>
    public IReadOnlyList<TimeSpan> Durations => _epochs.Select(e => e.Duration).ToArray();

    /// <summary>The value of log <paramref name="key"/> (e.g. <c>val_accuracy</c>) per epoch; NaN where an epoch lacks it.</summary>
    public double[] Values(string key) =>
        _epochs.Select(e => e.Logs.TryGetValue(key, out double v) ? v : double.NaN).ToArray();

    internal void Add(EpochRecord record) => _epochs.Add(record);
}
