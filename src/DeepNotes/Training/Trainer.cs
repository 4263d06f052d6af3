using DeepNotes.Metrics;
using System.Diagnostics;
using DeepNotes.Data;
using DeepNotes.Layers;
using DeepNotes.Losses;
using DeepNotes.Optimizers;

namespace DeepNotes.Training;

/// <summary>
/// A Keras-style training loop over the PyTorch-style pieces: <see cref="Fit"/> runs epochs of
/// <c>ZeroGrad → Forward → loss → Backward → Step</c> over a shuffled <see cref="DataLoader"/>, evaluates validation
/// data in <see cref="Module.Eval"/> mode under <see cref="Autograd.NoGrad"/>, calls <see cref="Callback"/>s, reports
/// progress and returns a <see cref="History"/>. <see cref="Evaluate"/> and <see cref="Predict(Tensor, int)"/> run the
/// model without training it.
/// </summary>
/// <remarks>
/// The epoch loss is the mean of the batch losses weighted by batch size, which equals the mean over examples for a
/// loss with mean reduction (the default of every loss). The trainer writes nothing to the console; pass a
/// <see cref="ConsoleProgressBar"/> as the progress sink for a bar. A run is bitwise reproducible when the model
/// initialisation, the shuffle <see cref="Generator"/> and any dropout generators are seeded.
/// </remarks>
/// <example><code>
/// var trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model.Parameters(), learningRate: 1e-3));
/// History history = trainer.Fit(train, epochs: 10, batchSize: 64, validationSplit: 0.1,
///     metrics: [new FunctionMetric("accuracy", Accuracy)],
///     callbacks: [new EarlyStopping(patience: 2, restoreBestWeights: true)],
///     progress: new ConsoleProgressBar(), generator: new Generator(1));
/// </code></example>
public sealed partial class Trainer
{
    private readonly Func<Tensor, Tensor, Tensor>? _loss;
    private readonly Func<Tensor, Tensor, LossTerms>? _lossTerms;
    private readonly Func<TrainBatch, StepResult>? _step;
    private bool _stopRequested;
    private string? _stopReason;

    /// <summary>Creates a trainer with a loss function <c>(output, target) =&gt; scalar loss</c>.</summary>
    public Trainer(Module<Tensor, Tensor> model, Func<Tensor, Tensor, Tensor> loss, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        Model = model;
        _loss = loss;
        Optimizer = optimizer;
    }

    /// <summary>Creates a trainer with a loss module such as <see cref="CrossEntropyLoss"/>.</summary>
    public Trainer(Module<Tensor, Tensor> model, Loss loss, Optimizer optimizer)
        : this(model, (loss ?? throw new ArgumentNullException(nameof(loss))).Forward, optimizer)
    {
    }

    /// <summary>
    /// Creates a trainer whose loss function returns named parts (<see cref="LossTerms"/>): the total is differentiated,
    /// every part is logged per epoch under its name (and <c>val_</c>name on validation data).
    /// </summary>
    public Trainer(Module<Tensor, Tensor> model, Func<Tensor, Tensor, LossTerms> loss, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        Model = model;
        _lossTerms = loss;
        Optimizer = optimizer;
    }

    /// <summary>
    /// Creates a trainer with a custom step, for training that the default <c>ZeroGrad → Forward → loss → Backward →
    /// Step</c> does not fit (a GAN's critic and generator steps, several optimizers, extra forward passes): <see cref="Fit"/>
    /// calls <paramref name="step"/> once per batch in training mode, and the step does its own backward passes and
    /// optimizer steps and reports its loss and named terms (logged like <c>loss</c>). Callbacks, progress, schedules,
    /// stopping and history work as usual; <see cref="Callback.OnAfterBackward"/> and
    /// <see cref="Callback.OnBeforeOptimizerStep"/> are not called, and Fit's gradient clipping and accumulation are
    /// refused (the step does them).
    /// </summary>
    /// <param name="model">The model (put in training mode each epoch; evaluated by <see cref="Evaluate"/>).</param>
    /// <param name="step">One training step on a batch.</param>
    /// <param name="optimizer">The optimizer whose learning rate is logged as <c>lr</c> and that schedules and checkpoints see.</param>
    /// <param name="evaluationLoss">The loss for <see cref="Evaluate"/> and validation data; without one they are refused.</param>
    public Trainer(Module<Tensor, Tensor> model, Func<TrainBatch, StepResult> step, Optimizer optimizer, Func<Tensor, Tensor, Tensor>? evaluationLoss = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(optimizer);
        Model = model;
        _step = step;
        _loss = evaluationLoss;
        Optimizer = optimizer;
    }

    /// <summary>The model trained.</summary>
    public Module<Tensor, Tensor> Model { get; }

    /// <summary>The optimizer stepping the model's parameters.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The training loader of the running <see cref="Fit"/> (null outside it), for <see cref="BackupAndRestore"/>.</summary>
    internal DataLoader? CurrentLoader { get; private set; }

    /// <summary>The epoch being run by <see cref="Fit"/>.</summary>
    internal int CurrentEpoch { get; private set; }

    /// <summary>The running epoch's sum of batch losses weighted by batch size, and its example count, up to the last batch.</summary>
    internal double EpochLossSum { get; private set; }

    /// <inheritdoc cref="EpochLossSum"/>
    internal long EpochSeen { get; private set; }

    /// <summary>Where a restored run continues: set by <see cref="BackupAndRestore"/> in <see cref="Callback.OnTrainBegin"/>.</summary>
    internal void ResumeAt(int epoch, int batch, double lossSum, long seen) => _resume = new FitResume(epoch, batch, lossSum, seen);

    private sealed record FitResume(int Epoch, int Batch, double LossSum, long Seen);

    private FitResume? _resume;

    /// <summary>True once <see cref="RequestStop"/> was called during the current (or last) <see cref="Fit"/>.</summary>
    public bool StopRequested => _stopRequested;

    /// <summary>
    /// Asks <see cref="Fit"/> to stop: the current batch finishes, the epoch ends (validation, <see cref="Callback.OnEpochEnd"/>)
    /// and no further epoch starts — what Keras' <c>model.stop_training = True</c> does.
    /// </summary>
    /// <param name="reason">Why, kept in <see cref="History.StopReason"/> (the first reason given wins).</param>
    public void RequestStop(string reason)
    {
        _stopReason ??= reason;
        _stopRequested = true;
    }

    /// <summary>
    /// Trains the model for <paramref name="epochs"/> epochs over <paramref name="train"/> and returns the history.
    /// </summary>
    /// <param name="train">The training examples.</param>
    /// <param name="epochs">How many epochs to run (fewer if a callback stops training).</param>
    /// <param name="batchSize">Examples per training batch.</param>
    /// <param name="validationData">Data evaluated after each epoch (logged as <c>val_loss</c>, <c>val_</c>metric).</param>
    /// <param name="validationSplit">Instead of <paramref name="validationData"/>: the fraction in [0, 1) of
    /// <paramref name="train"/> held out for validation — the last examples, taken before any shuffling, as Keras does
    /// (<c>n − ⌊n·(1 − split)⌋</c> of them).</param>
    /// <param name="metrics">Metrics computed on training batches and on validation data.</param>
    /// <param name="callbacks">Callbacks, run in this order.</param>
    /// <param name="progress">Receives a <see cref="TrainingProgress"/> after each batch and at each epoch's end. It is
    /// called inline on the training thread: a synchronous sink (like <see cref="ConsoleProgressBar"/>) sees every
    /// report before training continues, while <see cref="Progress{T}"/> posts reports to its synchronization context
    /// (the thread pool in a console app), so they may arrive later and out of order.</param>
    /// <param name="shuffle">Reshuffle the training data every epoch.</param>
    /// <param name="generator">The generator for shuffling (default: <see cref="Generator.Default"/>).</param>
    /// <param name="dropLast">Drop the last incomplete training batch.</param>
    /// <param name="validationBatchSize">Batch size for validation (default: <paramref name="batchSize"/>).</param>
    /// <param name="gradientClipping">Clip the gradients before each optimizer step (<see cref="GradientClip.ByNorm"/>
    /// or <see cref="GradientClip.ByValue"/>), after <see cref="Callback.OnAfterBackward"/> and before
    /// <see cref="Callback.OnBeforeOptimizerStep"/>.</param>
    /// <param name="accumulationSteps">Accumulate the gradients of this many batches per optimizer step (the usual
    /// recipe: each batch's loss is divided by <paramref name="accumulationSteps"/> before its backward pass, gradients
    /// are zeroed at the start of each group); the last group of an epoch steps with the batches it has. 1 (the
    /// default) steps after every batch.</param>
    /// <param name="stepsPerEpoch">Run at most this many batches per epoch (Keras' <c>steps_per_epoch</c>); the next
    /// epoch starts a new pass over the data.</param>
    /// <returns>One <see cref="EpochRecord"/> per epoch run.</returns>
    /// <exception cref="ArgumentException">Bad sizes, a split outside [0, 1), both validation data and a split, or clashing metric names.</exception>
    public History Fit(
        Dataset train,
        int epochs,
        int batchSize = 32,
        Dataset? validationData = null,
        double validationSplit = 0,
        IEnumerable<IMetric>? metrics = null,
        IEnumerable<Callback>? callbacks = null,
        IProgress<TrainingProgress>? progress = null,
        bool shuffle = true,
        Generator? generator = null,
        bool dropLast = false,
        int? validationBatchSize = null,
        GradientClip? gradientClipping = null,
        int accumulationSteps = 1,
        int? stepsPerEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (validationBatchSize is < 1)
            throw new ArgumentOutOfRangeException(nameof(validationBatchSize), validationBatchSize, $"Fit: validationBatchSize must be at least 1, got {validationBatchSize}.");
        if (accumulationSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(accumulationSteps), accumulationSteps, $"Fit: accumulationSteps must be at least 1, got {accumulationSteps}.");
        if (stepsPerEpoch is < 1)
            throw new ArgumentOutOfRangeException(nameof(stepsPerEpoch), stepsPerEpoch, $"Fit: stepsPerEpoch must be at least 1, got {stepsPerEpoch}.");
        if (_step is not null && (gradientClipping is not null || accumulationSteps != 1))
            throw new ArgumentException("Fit: this trainer has a custom step, which does its own backward passes and optimizer steps; " +
                "clip or accumulate gradients inside the step instead of passing gradientClipping or accumulationSteps.");
        if (_step is not null && _loss is null && (validationData is not null || validationSplit > 0))
            throw new ArgumentException("Fit: validation needs a loss, and this trainer has a custom step without an evaluationLoss; " +
                "pass evaluationLoss to the Trainer constructor.");
        var metricList = CheckMetrics(metrics);
        var callbackList = (callbacks ?? []).ToArray();
        foreach (var c in callbackList) ArgumentNullException.ThrowIfNull(c, nameof(callbacks));

        var (trainSet, validationSet) = SplitValidation(train, validationData, validationSplit);
        if (trainSet.Count == 0)
            throw new ArgumentException($"Fit: no training examples (dataset of {train.Count}, validation split {validationSplit}).", nameof(train));
        var loader = new DataLoader(trainSet, batchSize, shuffle, dropLast, generator);
        int batches = loader.Count;
        if (batches == 0)
            throw new ArgumentException($"Fit: {trainSet.Count} training examples make no batch of {batchSize} with dropLast.", nameof(dropLast));
        if (stepsPerEpoch is int limit) batches = Math.Min(batches, limit);

        _stopRequested = false;
        _stopReason = null;
        var history = new History();

        CurrentLoader = loader;
        _resume = null;
        foreach (var c in callbackList) c.Attach(this);
        foreach (var c in callbackList) c.OnTrainBegin();

        int firstEpoch = _resume?.Epoch ?? 0;
        for (int epoch = firstEpoch; epoch < epochs && !_stopRequested; epoch++)
        {
            foreach (var c in callbackList) c.OnEpochBegin(epoch);
            Model.Train();
            double learningRate = Optimizer.LearningRate;
            foreach (var m in metricList) m.Reset();
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            long seen = 0;
            int batch = 0;
            if (_resume is { } resume && resume.Epoch == epoch)
            {
                // A BackupAndRestore callback restored a run interrupted inside this epoch: the loader continues the
                // epoch's order, and the epoch loss keeps what the batches before the interruption contributed.
                (lossSum, seen, batch) = (resume.LossSum, resume.Seen, resume.Batch);
            }
            _resume = null;
            CurrentEpoch = epoch;
            int inGroup = 0;
            var termSums = new OrderedDictionary<string, double>();
            foreach (var (input, target) in loader)
            {
                if (batch >= batches) break;
                int size = input.Shape[0];
                Tensor? output;
                double batchLoss;
                bool step;
                BatchLogs batchLogs;
                if (_step is not null)
                {
                    StepResult result = _step(new TrainBatch(input, target, epoch, batch)) ??
                        throw new InvalidOperationException("Fit: the custom step returned null; return a StepResult with the batch loss.");
                    (output, batchLoss, step) = (result.Output, result.Loss, true);
                    AddTerms(termSums, result.Terms, size, metricList);
                    batchLogs = new BatchLogs(epoch, batch, size, batchLoss);
                }
                else
                {
                    if (inGroup == 0) Optimizer.ZeroGrad();
                    output = Model.Call(input);
                    Tensor loss;
                    if (_lossTerms is not null)
                    {
                        LossTerms terms = _lossTerms(output, target);
                        loss = terms.Total;
                        AddTerms(termSums, terms.Terms.ToDictionary(t => t.Key, t => t.Value.Item()), size, metricList);
                    }
                    else loss = _loss!(output, target);
                    (accumulationSteps == 1 ? loss : loss / accumulationSteps).Backward();
                    batchLoss = loss.Item();
                    batchLogs = new BatchLogs(epoch, batch, size, batchLoss);
                    foreach (var c in callbackList) c.OnAfterBackward(batchLogs);
                    inGroup++;
                    step = inGroup == accumulationSteps || batch + 1 == batches;
                    if (step)
                    {
                        StepOptimizer(gradientClipping, callbackList, batchLogs);
                        inGroup = 0;
                    }
                }
                if (metricList.Length > 0)
                {
                    if (output is null)
                        throw new InvalidOperationException("Fit: metrics need the model's output, and the custom step returned none; set StepResult.Output.");
                    using var _ = Autograd.NoGrad();
                    Tensor detached = output.Detach();
                    foreach (var m in metricList) m.Update(detached, target);
                }
                lossSum += batchLoss * size;
                seen += size;
                (EpochLossSum, EpochSeen) = (lossSum, seen);
                foreach (var c in callbackList) c.OnBatchEnd(batchLogs with { OptimizerStepped = step });
                batch++;
                if (progress is not null)
                {
                    var elapsed = clock.Elapsed;
                    progress.Report(new TrainingProgress(epoch + 1, epochs, batch, batches, lossSum / seen, MetricValues(metricList, ""),
                        seen / Math.Max(elapsed.TotalSeconds, 1e-9), elapsed, elapsed / batch * (batches - batch)));
                }
                if (_stopRequested) break;
            }
            if (inGroup > 0) StepOptimizer(gradientClipping, callbackList, new BatchLogs(epoch, batch - 1, 0, double.NaN)); // stopped mid-group
            double samplesPerSecond = seen / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);

            var logs = new OrderedDictionary<string, double> { ["loss"] = lossSum / seen };
            foreach (var (k, v) in termSums) logs[k] = v / seen;
            foreach (var (k, v) in MetricValues(metricList, "")) logs[k] = v;
            if (validationSet is not null)
                foreach (var (k, v) in EvaluateCore(validationSet, validationBatchSize ?? batchSize, metricList, "val_"))
                    logs[k] = v;
            logs["lr"] = learningRate;
            var duration = clock.Elapsed;

            foreach (var c in callbackList) c.OnEpochEnd(epoch, logs);
            var snapshot = new OrderedDictionary<string, double>(logs);
            history.Add(new EpochRecord(epoch, snapshot, learningRate, duration));
            progress?.Report(new TrainingProgress(epoch + 1, epochs, batch, batches, snapshot["loss"], MetricValues(metricList, ""),
                samplesPerSecond, duration, TimeSpan.Zero, snapshot));
        }

        CurrentLoader = null;
        history.StoppedEarly = _stopRequested;
        history.StopReason = _stopReason;
        foreach (var c in callbackList) c.OnTrainEnd(history);
        return history;
    }

    /// <summary>Adds a batch's named loss terms, weighted by its size; names must not clash with the reserved log names or the metrics.</summary>
    private static void AddTerms(OrderedDictionary<string, double> sums, IReadOnlyDictionary<string, double> terms, int size, IMetric[] metrics)
    {
        foreach (var (name, value) in terms)
        {
            if (!sums.ContainsKey(name))
            {
                if (name is "loss" or "lr" || name.StartsWith("val_", StringComparison.Ordinal) || metrics.Any(m => m.Name == name))
                    throw new ArgumentException($"Fit: the loss term '{name}' clashes with a reserved log name (loss, lr, val_…) or a metric.");
                sums[name] = 0;
            }
            sums[name] += value * size;
        }
    }

    /// <summary>Clips (when asked), runs <see cref="Callback.OnBeforeOptimizerStep"/>, then steps the optimizer.</summary>
    private void StepOptimizer(GradientClip? clip, Callback[] callbacks, BatchLogs logs)
    {
        if (clip is not null) clip.Apply(Model.Parameters());
        foreach (var c in callbacks) c.OnBeforeOptimizerStep(logs);
        Optimizer.Step();
    }

    private static IMetric[] CheckMetrics(IEnumerable<IMetric>? metrics)
    {
        var list = (metrics ?? []).ToArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in list)
        {
            ArgumentNullException.ThrowIfNull(m, nameof(metrics));
            string name = m.Name;
            if (string.IsNullOrEmpty(name) || name is "loss" or "lr" || name.StartsWith("val_", StringComparison.Ordinal))
                throw new ArgumentException($"Fit: a metric may not be named '{name}' (empty, 'loss', 'lr' and 'val_…' are reserved).", nameof(metrics));
            if (!names.Add(name))
                throw new ArgumentException($"Fit: two metrics are named '{name}'.", nameof(metrics));
        }
        return list;
    }

    private static OrderedDictionary<string, double> MetricValues(IMetric[] metrics, string prefix)
    {
        var values = new OrderedDictionary<string, double>(metrics.Length);
        foreach (var m in metrics) values[prefix + m.Name] = m.Compute();
        return values;
    }

    /// <summary>Splits off the validation set as Keras does: the last <c>n − ⌊n·(1 − split)⌋</c> examples, unshuffled.</summary>
    internal static (Dataset Train, Dataset? Validation) SplitValidation(Dataset train, Dataset? validationData, double validationSplit)
    {
        if (!(validationSplit >= 0 && validationSplit < 1))
            throw new ArgumentOutOfRangeException(nameof(validationSplit), validationSplit, $"Fit: validationSplit must be in [0, 1), got {validationSplit}.");
        if (validationSplit == 0) return (train, validationData);
        if (validationData is not null)
            throw new ArgumentException("Fit: give either validationData or validationSplit, not both.", nameof(validationSplit));
        int n = train.Count;
        int splitAt = (int)Math.Floor(n * (1 - validationSplit));
        if (splitAt == n)
            throw new ArgumentException($"Fit: validationSplit {validationSplit} of {n} examples leaves no validation example.", nameof(validationSplit));
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) indices[i] = i;
        return (new Subset(train, indices.AsSpan(0, splitAt)), new Subset(train, indices.AsSpan(splitAt)));
    }
}
