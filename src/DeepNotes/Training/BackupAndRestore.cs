using System.Globalization;
using DeepNotes.Data;
using DeepNotes.Optimizers.Schedules;
using DeepNotes.Serialization;

namespace DeepNotes.Training;

/// <summary>
/// Makes <see cref="Trainer.Fit"/> survive interruptions, like Keras' <c>BackupAndRestore</c>: it backs the whole training
/// state up to one checkpoint file at the end of every epoch (and, with <c>saveEverySteps</c>, every N optimizer steps),
/// and when <c>Fit</c> starts while that file exists it restores the state and continues exactly where the backup was
/// taken — mid-epoch too, with the same remaining batches — so that the finished run equals an uninterrupted one bit for
/// bit.
/// </summary>
/// <remarks>
/// <para>The backup is a <see cref="Checkpoint"/> (written atomically) holding the model (with its train/eval modes), the
/// optimizer, the given schedulers, the shuffle generator of <c>Fit</c>'s loader (its own, or
/// <see cref="Generator.Default"/>) and any other given generators (e.g. dropout's), the loader's position in its epoch,
/// and the epoch, batch and running epoch loss. Restore it into a trainer built the same way (same architecture,
/// optimizer, schedulers, <c>Fit</c> arguments).</para>
/// <para>Not part of the backup: other callbacks' state (e.g. <see cref="EarlyStopping"/>'s patience), the metrics of
/// the interrupted epoch (they count the batches run after the restore; its loss is exact), and the
/// <see cref="History"/> of epochs finished before the interruption (the resumed <c>Fit</c> returns the epochs it ran).</para>
/// <para>When <c>Fit</c> returns normally (all epochs run, or stopped by a callback), the file is deleted unless
/// <c>deleteOnSuccess</c> is false; when an exception escapes, it stays for the next run.</para>
/// </remarks>
/// <example><code>
/// var backup = new BackupAndRestore("run.backup.safetensors", saveEverySteps: 500,
///     generators: new Dictionary&lt;string, Generator&gt; { ["dropout"] = dropoutGenerator });
/// trainer.Fit(train, epochs: 10, batchSize: 64, generator: shuffle, callbacks: [backup]);   // rerun after a crash: it resumes
/// </code></example>
public sealed class BackupAndRestore : Callback
{
    private const string ShuffleName = "fit.shuffle", LoaderName = "fit.train";
    private readonly IReadOnlyDictionary<string, Generator> _generators;
    private long _steps;

    /// <summary>Creates the callback.</summary>
    /// <param name="path">The backup file (created, replaced atomically, deleted on success).</param>
    /// <param name="saveEverySteps">Also back up after every this many optimizer steps (counted over the whole run);
    /// 0 backs up at epoch ends only.</param>
    /// <param name="deleteOnSuccess">Delete the file when <c>Fit</c> returns normally.</param>
    /// <param name="scheduler">A learning-rate schedule stepped during training (e.g. by a
    /// <see cref="LearningRateScheduler"/> callback or another callback), to back up with the optimizer.</param>
    /// <param name="plateau">A <see cref="ReduceLROnPlateau"/> to back up, if any.</param>
    /// <param name="generators">Other generators to back up by name (dropout's); the loader's shuffle generator is
    /// included without being named here.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="saveEverySteps"/> is negative.</exception>
    public BackupAndRestore(string path, int saveEverySteps = 0, bool deleteOnSuccess = true, LRScheduler? scheduler = null,
        ReduceLROnPlateau? plateau = null, IReadOnlyDictionary<string, Generator>? generators = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (saveEverySteps < 0)
            throw new ArgumentOutOfRangeException(nameof(saveEverySteps), saveEverySteps, $"BackupAndRestore: saveEverySteps must be >= 0, got {saveEverySteps}.");
        if (generators is not null && generators.ContainsKey(ShuffleName))
            throw new ArgumentException($"BackupAndRestore: the generator name '{ShuffleName}' is reserved for the loader's shuffle generator.", nameof(generators));
        Path = path;
        SaveEverySteps = saveEverySteps;
        DeleteOnSuccess = deleteOnSuccess;
        Scheduler = scheduler;
        Plateau = plateau;
        _generators = generators ?? new Dictionary<string, Generator>();
    }

    /// <summary>The backup file.</summary>
    public string Path { get; }

    /// <summary>Steps between mid-epoch backups (0: epoch ends only).</summary>
    public int SaveEverySteps { get; }

    /// <summary>Whether the file is deleted when <c>Fit</c> returns normally.</summary>
    public bool DeleteOnSuccess { get; }

    /// <summary>The schedule backed up with the optimizer, if any.</summary>
    public LRScheduler? Scheduler { get; }

    /// <summary>The plateau schedule backed up, if any.</summary>
    public ReduceLROnPlateau? Plateau { get; }

    /// <summary>Whether the last <c>Fit</c> started by restoring a backup.</summary>
    public bool Restored { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin()
    {
        Restored = false;
        _steps = 0;
        if (!File.Exists(Path)) return;
        var loader = Loader();
        var content = SafeTensors.Read(Path);
        // Validate the callback's own entries before the checkpoint restore changes anything (all or nothing).
        int batch = (int)Entry(content, "fit.batch", int.MaxValue);
        long seen = Entry(content, "fit.seen", long.MaxValue);
        long steps = Entry(content, "fit.steps", long.MaxValue);
        if (!content.Metadata.TryGetValue("user.fit.loss_sum", out var text)
            || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double lossSum) || !double.IsFinite(lossSum))
            throw new InvalidDataException($"BackupAndRestore: '{Path}' holds no finite 'fit.loss_sum' entry.");
        var info = Checkpoint.Restore(content, Trainer.Model, Trainer.Optimizer, Scheduler, strict: true, Plateau, Generators(loader),
            new Dictionary<string, DataLoader> { [LoaderName] = loader });
        Trainer.ResumeAt(info.Epoch, batch, lossSum, seen);
        _steps = steps;
        Restored = true;
    }

    /// <inheritdoc/>
    public override void OnBatchEnd(BatchLogs logs)
    {
        // Only after an optimizer step: with gradient accumulation a backup mid-group would lose the gradients summed so
        // far, while after a step the resumed run starts a new group exactly where the uninterrupted one does.
        if (!logs.OptimizerStepped) return;
        _steps++;
        if (SaveEverySteps > 0 && _steps % SaveEverySteps == 0)
            Save(logs.Epoch, logs.Batch + 1, Trainer.EpochLossSum, Trainer.EpochSeen);
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs) => Save(epoch + 1, 0, 0, 0);

    /// <inheritdoc/>
    public override void OnTrainEnd(History history)
    {
        if (DeleteOnSuccess && File.Exists(Path)) File.Delete(Path);
    }

    private void Save(int epoch, int batch, double lossSum, long seen)
    {
        var loader = Loader();
        var meta = new Dictionary<string, string>
        {
            ["fit.batch"] = batch.ToString(CultureInfo.InvariantCulture),
            ["fit.loss_sum"] = lossSum.ToString("R", CultureInfo.InvariantCulture),
            ["fit.seen"] = seen.ToString(CultureInfo.InvariantCulture),
            ["fit.steps"] = _steps.ToString(CultureInfo.InvariantCulture),
        };
        Checkpoint.Save(Path, Trainer.Model, Trainer.Optimizer, epoch, Scheduler, meta, Plateau, Generators(loader),
            new Dictionary<string, DataLoader> { [LoaderName] = loader });
    }

    private long Entry(SafeTensorsContent content, string key, long max)
    {
        if (!content.Metadata.TryGetValue("user." + key, out var text)
            || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value > max)
            throw new InvalidDataException($"BackupAndRestore: '{Path}' is not a backup of this callback: the entry '{key}' is missing or not an integer in [0, {max}].");
        return value;
    }

    private DataLoader Loader() =>
        Trainer.CurrentLoader ?? throw new InvalidOperationException("BackupAndRestore is used outside Trainer.Fit.");

    private Dictionary<string, Generator> Generators(DataLoader loader)
    {
        var all = new Dictionary<string, Generator>(_generators) { [ShuffleName] = loader.Generator ?? Generator.Default };
        return all;
    }
}
