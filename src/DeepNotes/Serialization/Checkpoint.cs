using System.Globalization;
using DeepNotes.Data;
using DeepNotes.Layers;
using DeepNotes.Optimizers;
using DeepNotes.Optimizers.Schedules;

namespace DeepNotes.Serialization;

/// <summary>What <see cref="Checkpoint.Load(string, Module, Optimizer?, LRScheduler?, bool, ReduceLROnPlateau?, IReadOnlyDictionary{string, Generator}?, IReadOnlyDictionary{string, DataLoader}?)"/> read besides the tensors it restored.</summary>
/// <param name="Epoch">The epoch given to <see cref="Checkpoint.Save(string, Module, Optimizer?, int, LRScheduler?, IReadOnlyDictionary{string, string}?, ReduceLROnPlateau?, IReadOnlyDictionary{string, Generator}?, IReadOnlyDictionary{string, DataLoader}?)"/>.</param>
/// <param name="UserMetadata">The caller's own metadata entries given when saving.</param>
public sealed record CheckpointInfo(int Epoch, IReadOnlyDictionary<string, string> UserMetadata);

/// <summary>
/// A whole training checkpoint in one safetensors file: the model's state dict, the optimizer's state, the epoch and the
/// learning-rate schedule, so that training resumes exactly where it stopped (bit for bit).
/// </summary>
/// <remarks>
/// <para>Tensors: the model's state dict under <c>model.</c> (<c>model.0.weight</c>), and each optimizer state entry
/// under <c>optimizer.state.{i}.{name}</c>, where <c>i</c> is the parameter's index in the optimizer's parameter order
/// (groups in order, parameters in order) and <c>name</c> PyTorch's key (<c>step</c>, <c>exp_avg</c>,
/// <c>momentum_buffer</c>...), like the <c>state</c> of PyTorch's <c>optimizer.state_dict()</c>.</para>
/// <para>Metadata (<c>__metadata__</c>, strings; doubles in round-trip format): <c>format</c>, <c>epoch</c>,
/// <c>optimizer</c> (type name), <c>optimizer.step_count</c>, <c>optimizer.param_groups</c> and per group
/// <c>optimizer.param_groups.{g}.params</c>, <c>.lr</c>, <c>.weight_decay</c>, <c>.initial_lr</c>; <c>scheduler</c>
/// (type name) and <c>scheduler.last_epoch</c>; a <see cref="ReduceLROnPlateau"/>'s <c>plateau.best</c>,
/// <c>plateau.num_bad_epochs</c>, <c>plateau.cooldown_counter</c>, <c>plateau.last_epoch</c>; each named generator's
/// state as <c>generator.{name}</c> (base64); the caller's entries under <c>user.</c>.</para>
/// <para>Loading restores into a model, optimizer and scheduler built the same way as the saved ones (same
/// architecture, optimizer type and options, parameter groups and scheduler type): hyper-parameters other than the
/// learning rates and weight decays come from the constructors.</para>
/// </remarks>
public static class Checkpoint
{
    private const string FormatKey = "format", FormatValue = "deepnotes.checkpoint/1";
    private const string ModelPrefix = "model.", StatePrefix = "optimizer.state.", UserPrefix = "user.", GeneratorPrefix = "generator.";
    private const string LoaderPrefix = "loader.", ModesKey = "model.modes";

    /// <summary>Saves a training checkpoint to a file.</summary>
    /// <param name="path">The file to create or overwrite.</param>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">Its optimizer, or null to save the model alone.</param>
    /// <param name="epoch">The number of epochs completed (returned by <see cref="Load(string, Module, Optimizer?, LRScheduler?, bool, ReduceLROnPlateau?, IReadOnlyDictionary{string, Generator}?, IReadOnlyDictionary{string, DataLoader}?)"/>).</param>
    /// <param name="scheduler">The learning-rate schedule, if any (it must wrap <paramref name="optimizer"/>).</param>
    /// <param name="metadata">Entries of the caller's own, stored under <c>user.</c>.</param>
    /// <param name="plateau">A <see cref="ReduceLROnPlateau"/> over <paramref name="optimizer"/>, if any.</param>
    /// <param name="generators">Generators whose states to save by name (the shuffle generator, dropout's), so that a
    /// resumed run draws the same batches and masks.</param>
    /// <param name="loaders">Data loaders whose position in their epoch to save by name (<see cref="DataLoader.GetState"/>),
    /// so that a run interrupted mid-epoch resumes with the same remaining batches.</param>
    /// <remarks>The file is replaced atomically (see <see cref="SafeTensors.Save(string, IReadOnlyDictionary{string, Tensor}, IReadOnlyDictionary{string, string}?)"/>):
    /// a failure at any point leaves the previous checkpoint intact.</remarks>
    public static void Save(string path, Module model, Optimizer? optimizer, int epoch, LRScheduler? scheduler = null,
        IReadOnlyDictionary<string, string>? metadata = null, ReduceLROnPlateau? plateau = null,
        IReadOnlyDictionary<string, Generator>? generators = null, IReadOnlyDictionary<string, DataLoader>? loaders = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (tensors, meta) = Collect(model, optimizer, epoch, scheduler, metadata, plateau, generators, loaders);
        SafeTensors.Save(path, tensors, meta);
    }

    /// <summary>Saves a training checkpoint to a stream.</summary>
    /// <param name="stream">A writable stream; it is left open.</param>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">Its optimizer, or null.</param>
    /// <param name="epoch">The number of epochs completed.</param>
    /// <param name="scheduler">The learning-rate schedule, if any.</param>
    /// <param name="metadata">Entries of the caller's own, stored under <c>user.</c>.</param>
    /// <param name="plateau">A <see cref="ReduceLROnPlateau"/> over <paramref name="optimizer"/>, if any.</param>
    /// <param name="generators">Generators whose states to save by name.</param>
    /// <param name="loaders">Data loaders whose position in their epoch to save by name.</param>
    public static void Save(Stream stream, Module model, Optimizer? optimizer, int epoch, LRScheduler? scheduler = null,
        IReadOnlyDictionary<string, string>? metadata = null, ReduceLROnPlateau? plateau = null,
        IReadOnlyDictionary<string, Generator>? generators = null, IReadOnlyDictionary<string, DataLoader>? loaders = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (tensors, meta) = Collect(model, optimizer, epoch, scheduler, metadata, plateau, generators, loaders);
        SafeTensors.Save(stream, tensors, meta);
    }

    /// <summary>
    /// Restores a checkpoint into <paramref name="model"/> (in place) and, when given, <paramref name="optimizer"/> and
    /// <paramref name="scheduler"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="model">A model of the saved architecture.</param>
    /// <param name="optimizer">An optimizer of the saved type over <paramref name="model"/>'s parameters, or null to skip.</param>
    /// <param name="scheduler">A schedule of the saved type over <paramref name="optimizer"/>, or null to skip.</param>
    /// <param name="strict">Whether the model's state must match exactly (see <see cref="Module.LoadStateDict"/>).</param>
    /// <param name="plateau">A <see cref="ReduceLROnPlateau"/> over <paramref name="optimizer"/> to restore, or null to skip.</param>
    /// <param name="generators">Generators to restore by the names they were saved under, or null to skip.</param>
    /// <param name="loaders">Data loaders to restore by the names they were saved under (their next enumeration continues
    /// the saved epoch), or null to skip.</param>
    /// <remarks>All or nothing: the whole file is read and everything it holds is validated against the given objects
    /// (shapes and dtypes of the model state, the optimizer's state entries, every metadata value, the schedulers',
    /// generators' and loaders' states) before anything is changed. When an exception is thrown, the model, optimizer,
    /// schedulers, generators and loaders are exactly as they were before the call.</remarks>
    /// <returns>The epoch and the caller's metadata.</returns>
    /// <exception cref="InvalidDataException">The file is malformed or not a checkpoint.</exception>
    /// <exception cref="ArgumentException">The model, optimizer, schedulers or generators do not match the saved ones.</exception>
    public static CheckpointInfo Load(string path, Module model, Optimizer? optimizer = null, LRScheduler? scheduler = null, bool strict = true,
        ReduceLROnPlateau? plateau = null, IReadOnlyDictionary<string, Generator>? generators = null,
        IReadOnlyDictionary<string, DataLoader>? loaders = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Restore(SafeTensors.Read(path), model, optimizer, scheduler, strict, plateau, generators, loaders);
    }

    /// <summary>Restores a checkpoint from a stream (see <see cref="Load(string, Module, Optimizer?, LRScheduler?, bool, ReduceLROnPlateau?, IReadOnlyDictionary{string, Generator}?, IReadOnlyDictionary{string, DataLoader}?)"/>).</summary>
    /// <param name="stream">A readable stream, read to its end; it is left open.</param>
    /// <param name="model">A model of the saved architecture.</param>
    /// <param name="optimizer">An optimizer of the saved type, or null to skip.</param>
    /// <param name="scheduler">A schedule of the saved type, or null to skip.</param>
    /// <param name="strict">Whether the model's state must match exactly.</param>
    /// <param name="plateau">A <see cref="ReduceLROnPlateau"/> to restore, or null to skip.</param>
    /// <param name="generators">Generators to restore by name, or null to skip.</param>
    /// <param name="loaders">Data loaders to restore by name, or null to skip.</param>
    /// <returns>The epoch and the caller's metadata.</returns>
    public static CheckpointInfo Load(Stream stream, Module model, Optimizer? optimizer = null, LRScheduler? scheduler = null, bool strict = true,
        ReduceLROnPlateau? plateau = null, IReadOnlyDictionary<string, Generator>? generators = null,
        IReadOnlyDictionary<string, DataLoader>? loaders = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Restore(SafeTensors.Read(stream), model, optimizer, scheduler, strict, plateau, generators, loaders);
    }

    private static (Dictionary<string, Tensor>, Dictionary<string, string>) Collect(
        Module model, Optimizer? optimizer, int epoch, LRScheduler? scheduler, IReadOnlyDictionary<string, string>? user,
        ReduceLROnPlateau? plateau, IReadOnlyDictionary<string, Generator>? generators, IReadOnlyDictionary<string, DataLoader>? loaders)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (scheduler is not null && (optimizer is null || !ReferenceEquals(scheduler.Optimizer, optimizer)))
            throw new ArgumentException("Checkpoint.Save: the scheduler must wrap the optimizer being saved.", nameof(scheduler));
        if (plateau is not null && (optimizer is null || !ReferenceEquals(plateau.Optimizer, optimizer)))
            throw new ArgumentException("Checkpoint.Save: the plateau scheduler must wrap the optimizer being saved.", nameof(plateau));
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var meta = new Dictionary<string, string>(StringComparer.Ordinal) { [FormatKey] = FormatValue, ["epoch"] = Format(epoch) };
        foreach (var (key, value) in model.StateDict()) tensors[ModelPrefix + key] = value;
        meta[ModesKey] = string.Concat(model.Modules().Select(m => m.IsTraining ? 'T' : 'E'));

        if (optimizer is not null)
        {
            meta["optimizer"] = optimizer.GetType().Name;
            meta["optimizer.step_count"] = Format(optimizer.StepCount);
            var groups = optimizer.ParameterGroups;
            meta["optimizer.param_groups"] = Format(groups.Count);
            int index = 0;
            for (int g = 0; g < groups.Count; g++)
            {
                var group = groups[g];
                string prefix = $"optimizer.param_groups.{g}.";
                meta[prefix + "params"] = Format(group.Parameters.Count);
                meta[prefix + "lr"] = Format(group.LearningRate);
                meta[prefix + "weight_decay"] = Format(group.WeightDecay);
                if (group.InitialLearningRate is { } initial) meta[prefix + "initial_lr"] = Format(initial);
                foreach (var parameter in group.Parameters)
                {
                    foreach (var (name, value) in optimizer.GetState(parameter)) tensors[$"{StatePrefix}{index}.{name}"] = value;
                    index++;
                }
            }
        }
        if (scheduler is not null)
        {
            meta["scheduler"] = scheduler.GetType().Name;
            meta["scheduler.last_epoch"] = Format(scheduler.LastEpoch);
        }
        if (plateau is not null)
        {
            var state = plateau.GetState();
            meta["plateau.best"] = Format(state.Best);
            meta["plateau.num_bad_epochs"] = Format(state.BadEpochs);
            meta["plateau.cooldown_counter"] = Format(state.CooldownCounter);
            meta["plateau.last_epoch"] = Format(state.LastEpoch);
        }
        if (generators is not null)
            foreach (var (name, generator) in generators)
            {
                ArgumentNullException.ThrowIfNull(generator, nameof(generators));
                meta[GeneratorPrefix + name] = Convert.ToBase64String(generator.GetState());
            }
        if (loaders is not null)
            foreach (var (name, loader) in loaders)
            {
                ArgumentNullException.ThrowIfNull(loader, nameof(loaders));
                var state = loader.GetState();
                meta[$"{LoaderPrefix}{name}.next_batch"] = Format(state.NextBatch);
                if (state.Order is { } order) tensors[$"{LoaderPrefix}{name}.order"] = Tensor.FromArray(order.ToArray(), [order.Count]);
            }
        if (user is not null)
            foreach (var (key, value) in user) meta[UserPrefix + key] = value;
        return (tensors, meta);
    }

    internal static CheckpointInfo Restore(SafeTensorsContent content, Module model, Optimizer? optimizer, LRScheduler? scheduler, bool strict,
        ReduceLROnPlateau? plateau, IReadOnlyDictionary<string, Generator>? generators, IReadOnlyDictionary<string, DataLoader>? loaders)
    {
        ArgumentNullException.ThrowIfNull(model);
        var meta = content.Metadata;
        if (!meta.TryGetValue(FormatKey, out var format) || format != FormatValue)
            throw new InvalidDataException($"Not a DeepNotes checkpoint: expected metadata {FormatKey} = {FormatValue}, got {format ?? "none"}.");
        int epoch = (int)ParseLong(meta, "epoch", int.MinValue, int.MaxValue);

        var modelState = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var optimizerState = new Dictionary<int, Dictionary<string, Tensor>>();
        var loaderOrders = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, value) in content.Tensors)
        {
            if (key.StartsWith(ModelPrefix, StringComparison.Ordinal))
            {
                modelState[key[ModelPrefix.Length..]] = value;
            }
            else if (key.StartsWith(StatePrefix, StringComparison.Ordinal)
                && key.IndexOf('.', StatePrefix.Length) is var dot and > 0
                && int.TryParse(key.AsSpan(StatePrefix.Length, dot - StatePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                if (!optimizerState.TryGetValue(index, out var entries)) optimizerState[index] = entries = new(StringComparer.Ordinal);
                entries[key[(dot + 1)..]] = value;
            }
            else if (key.StartsWith(LoaderPrefix, StringComparison.Ordinal) && key.EndsWith(".order", StringComparison.Ordinal)
                && key.Length > LoaderPrefix.Length + ".order".Length)
            {
                loaderOrders[key[LoaderPrefix.Length..^".order".Length]] = value;
            }
            else
            {
                throw new InvalidDataException($"Checkpoint: unexpected tensor '{key}' (expected model.*, optimizer.state.<index>.<name> or loader.<name>.order).");
            }
        }

        // 1. Read and validate everything; nothing is changed until every part is known to be good.
        var applyModel = model.PrepareLoadStateDict(modelState, strict).Apply;
        var modes = ReadModes(meta, model);
        var optimizerPlan = optimizer is null ? null : PrepareOptimizer(meta, optimizer, optimizerState);
        int? schedulerEpoch = null;
        double[]? scheduledRates = null;
        if (scheduler is not null)
        {
            CheckScheduler(meta, optimizer, scheduler);
            schedulerEpoch = (int)ParseLong(meta, "scheduler.last_epoch", 0, int.MaxValue);
            scheduledRates = optimizerPlan!.Value.Rates;
        }
        var plateauState = plateau is null ? null : ReadPlateau(meta, optimizer, plateau);
        var generatorStates = generators is null ? null : ReadGenerators(meta, generators);
        var loaderResumes = loaders is null ? null : ReadLoaders(meta, loaderOrders, loaders);
        var user = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in meta)
            if (key.StartsWith(UserPrefix, StringComparison.Ordinal)) user[key[UserPrefix.Length..]] = value;

        // 2. Apply: from here on nothing can fail.
        applyModel();
        if (modes is not null)
        {
            int i = 0;
            foreach (var m in model.Modules()) m.IsTraining = modes[i++] == 'T';
        }
        optimizerPlan?.Apply();
        if (scheduler is not null)
        {
            int lastEpoch = schedulerEpoch!.Value;
            scheduler.StepTo(lastEpoch);
            if (scheduler is LinearWarmup { Then: { } then } warmup && lastEpoch >= warmup.WarmupSteps)
                then.StepTo(lastEpoch - warmup.WarmupSteps);
            // The saved rates are the truth (bit for bit), whatever the schedule recomputed.
            var groups = optimizer!.ParameterGroups;
            for (int g = 0; g < groups.Count; g++) groups[g].LearningRate = scheduledRates![g];
        }
        if (plateauState is not null) plateau!.SetState(plateauState);
        if (generatorStates is not null)
            foreach (var (generator, state) in generatorStates) generator.SetState(state);
        if (loaderResumes is not null)
            foreach (var (loader, resume) in loaderResumes) loader.ApplyResume(resume);
        return new CheckpointInfo(epoch, user.AsReadOnly());
    }

    /// <summary>The saved train/eval flag of every module (in <see cref="Module.Modules"/> order), or null for a file
    /// written before modes were saved.</summary>
    private static string? ReadModes(IReadOnlyDictionary<string, string> meta, Module model)
    {
        if (!meta.TryGetValue(ModesKey, out var modes)) return null;
        int count = model.Modules().Count();
        if (modes.Length != count || modes.Any(c => c is not ('T' or 'E')))
            throw new InvalidDataException($"Checkpoint: the metadata entry '{ModesKey}' must hold one T or E per module ({count}), got '{modes}'.");
        return modes;
    }

    private static List<(DataLoader, (int[] Order, int NextBatch)?)> ReadLoaders(IReadOnlyDictionary<string, string> meta,
        Dictionary<string, Tensor> orders, IReadOnlyDictionary<string, DataLoader> loaders)
    {
        var resumes = new List<(DataLoader, (int[] Order, int NextBatch)?)>();
        foreach (var (name, loader) in loaders)
        {
            ArgumentNullException.ThrowIfNull(loader, nameof(loaders));
            string key = $"{LoaderPrefix}{name}.next_batch";
            if (!meta.ContainsKey(key))
            {
                var saved = meta.Keys.Where(k => k.StartsWith(LoaderPrefix, StringComparison.Ordinal) && k.EndsWith(".next_batch", StringComparison.Ordinal))
                    .Select(k => k[LoaderPrefix.Length..^".next_batch".Length]);
                throw new ArgumentException($"Checkpoint: no data loader named '{name}' was saved (saved: {string.Join(", ", saved.DefaultIfEmpty("none"))}).", nameof(loaders));
            }
            int next = (int)ParseLong(meta, key, 0, int.MaxValue);
            DataLoaderState state;
            if (orders.TryGetValue(name, out var order))
            {
                if (!order.DType.IsInteger() || order.Shape.Rank != 1) // Int32 (I32), or I64 in files written before Int64 existed
                    throw new InvalidDataException($"Checkpoint: the order of data loader '{name}' must be a 1-D integer tensor, got {order.Shape} {order.DType}.");
                state = new DataLoaderState(Ops.Indexing.IndexChecks.AsInt32Index("Checkpoint", order, "data loader order").ToArray<int>(), next);
            }
            else
            {
                state = new DataLoaderState(null, next);
            }
            try
            {
                resumes.Add((loader, loader.Validate(state)));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Checkpoint: data loader '{name}' does not match the saved one: {e.Message}", nameof(loaders), e);
            }
        }
        return resumes;
    }

    private static void CheckOptimizer(IReadOnlyDictionary<string, string> meta, Optimizer optimizer, Dictionary<int, Dictionary<string, Tensor>> state)
    {
        string type = optimizer.GetType().Name;
        if (!meta.TryGetValue("optimizer", out var saved))
            throw new ArgumentException($"Checkpoint: the file holds no optimizer state, but {Articles.WithArticle(type)} was given.", nameof(optimizer));
        if (saved != type)
            throw new ArgumentException($"Checkpoint: the file holds the state of {Articles.WithArticle(saved)}, but {Articles.WithArticle(type)} was given.", nameof(optimizer));
        var groups = optimizer.ParameterGroups;
        long groupCount = ParseLong(meta, "optimizer.param_groups", 0, int.MaxValue);
        if (groupCount != groups.Count)
            throw new ArgumentException($"Checkpoint: the saved {type} has {groupCount} parameter group(s), the given one {groups.Count}.", nameof(optimizer));
        int total = 0;
        for (int g = 0; g < groups.Count; g++)
        {
            long count = ParseLong(meta, $"optimizer.param_groups.{g}.params", 0, int.MaxValue);
            if (count != groups[g].Parameters.Count)
                throw new ArgumentException($"Checkpoint: parameter group {g} of the saved {type} has {count} parameter(s), the given one {groups[g].Parameters.Count}.", nameof(optimizer));
            total += (int)count;
        }
        foreach (int index in state.Keys)
            if (index >= total)
                throw new InvalidDataException($"Checkpoint: optimizer state for parameter {index}, but the optimizer has {total} parameters.");
    }

    private static void CheckScheduler(IReadOnlyDictionary<string, string> meta, Optimizer? optimizer, LRScheduler scheduler)
    {
        if (optimizer is null || !ReferenceEquals(scheduler.Optimizer, optimizer))
            throw new ArgumentException("Checkpoint.Load: the scheduler must wrap the optimizer being restored.", nameof(scheduler));
        string type = scheduler.GetType().Name;
        if (!meta.TryGetValue("scheduler", out var saved) || saved != type)
            throw new ArgumentException($"Checkpoint: the file holds the state of {(saved is null ? "no scheduler" : Articles.WithArticle(saved))}, but {Articles.WithArticle(type)} was given.", nameof(scheduler));
    }

    private static ReduceLROnPlateauState ReadPlateau(IReadOnlyDictionary<string, string> meta, Optimizer? optimizer, ReduceLROnPlateau plateau)
    {
        if (optimizer is null || !ReferenceEquals(plateau.Optimizer, optimizer))
            throw new ArgumentException("Checkpoint.Load: the plateau scheduler must wrap the optimizer being restored.", nameof(plateau));
        if (!meta.TryGetValue("plateau.best", out var bestText))
            throw new ArgumentException("Checkpoint: the file holds no ReduceLROnPlateau state, but one was given.", nameof(plateau));
        // best is ±∞ before the first step, so it is parsed here rather than by ParseDouble (finite, non-negative)
        if (!double.TryParse(bestText, NumberStyles.Float, CultureInfo.InvariantCulture, out double best) || double.IsNaN(best))
            throw new InvalidDataException($"Checkpoint: the metadata entry 'plateau.best' must be a number, got '{bestText}'.");
        return new ReduceLROnPlateauState(best,
            (int)ParseLong(meta, "plateau.num_bad_epochs", 0, int.MaxValue),
            (int)ParseLong(meta, "plateau.cooldown_counter", 0, int.MaxValue),
            (int)ParseLong(meta, "plateau.last_epoch", 0, int.MaxValue));
    }

    private static List<(Generator, byte[])> ReadGenerators(IReadOnlyDictionary<string, string> meta, IReadOnlyDictionary<string, Generator> generators)
    {
        var states = new List<(Generator, byte[])>();
        foreach (var (name, generator) in generators)
        {
            ArgumentNullException.ThrowIfNull(generator, nameof(generators));
            if (!meta.TryGetValue(GeneratorPrefix + name, out var text))
            {
                var saved = meta.Keys.Where(k => k.StartsWith(GeneratorPrefix, StringComparison.Ordinal)).Select(k => k[GeneratorPrefix.Length..]);
                throw new ArgumentException($"Checkpoint: no generator named '{name}' was saved (saved: {string.Join(", ", saved.DefaultIfEmpty("none"))}).", nameof(generators));
            }
            byte[] state;
            try
            {
                state = Convert.FromBase64String(text);
                new Generator().SetState(state); // validates before anything is restored
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new InvalidDataException($"Checkpoint: the state of generator '{name}' is malformed: {e.Message}", e);
            }
            states.Add((generator, state));
        }
        return states;
    }

    /// <summary>Validates the optimizer's saved groups and state entries; returns the saved learning rates and the
    /// change to make (which cannot fail).</summary>
    private static (double[] Rates, Action Apply)? PrepareOptimizer(IReadOnlyDictionary<string, string> meta, Optimizer optimizer,
        Dictionary<int, Dictionary<string, Tensor>> state)
    {
        CheckOptimizer(meta, optimizer, state);
        var groups = optimizer.ParameterGroups;
        var rates = new double[groups.Count];
        var decays = new double[groups.Count];
        var initial = new double?[groups.Count];
        var states = new List<(Tensor Parameter, OptimizerState? State)>();
        int index = 0;
        for (int g = 0; g < groups.Count; g++)
        {
            string prefix = $"optimizer.param_groups.{g}.";
            rates[g] = ParseDouble(meta, prefix + "lr");
            decays[g] = ParseDouble(meta, prefix + "weight_decay");
            if (meta.ContainsKey(prefix + "initial_lr")) initial[g] = ParseDouble(meta, prefix + "initial_lr");
            foreach (var parameter in groups[g].Parameters)
            {
                var entries = state.TryGetValue(index, out var e) ? e : new Dictionary<string, Tensor>();
                try
                {
                    states.Add((parameter, optimizer.PrepareState(parameter, entries)));
                }
                catch (ArgumentException ex)
                {
                    throw new InvalidDataException($"Checkpoint: the optimizer state of parameter {index} is malformed: {ex.Message}", ex);
                }
                index++;
            }
        }
        long stepCount = ParseLong(meta, "optimizer.step_count", 0, long.MaxValue);
        void Apply()
        {
            for (int g = 0; g < groups.Count; g++)
            {
                groups[g].LearningRate = rates[g];
                groups[g].WeightDecay = decays[g];
                if (initial[g] is { } v) groups[g].InitialLearningRate = v;
            }
            foreach (var (parameter, s) in states) optimizer.ApplyState(parameter, s);
            optimizer.RestoreStepCount(stepCount);
        }
        return (rates, Apply);
    }

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static long ParseLong(IReadOnlyDictionary<string, string> meta, string key, long min, long max)
    {
        if (!meta.TryGetValue(key, out var text))
            throw new InvalidDataException($"Checkpoint: the metadata entry '{key}' is missing.");
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) || value < min || value > max)
            throw new InvalidDataException($"Checkpoint: the metadata entry '{key}' must be an integer in [{min}, {max}], got '{text}'.");
        return value;
    }

    private static double ParseDouble(IReadOnlyDictionary<string, string> meta, string key)
    {
        if (!meta.TryGetValue(key, out var text))
            throw new InvalidDataException($"Checkpoint: the metadata entry '{key}' is missing.");
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value >= 0) || double.IsInfinity(value))
            throw new InvalidDataException($"Checkpoint: the metadata entry '{key}' must be a finite number >= 0, got '{text}'.");
        return value;
    }
}
