using DeepNotes.Data;
using DeepNotes.Layers;
using DeepNotes.Optimizers;
using DeepNotes.Optimizers.Schedules;
using DeepNotes.Serialization;

namespace DeepNotes.FaultChild;

/// <summary>The models and training run shared by the child process and the tests that check its files.</summary>
public static class FaultScenarios
{
    /// <summary>A model of about <paramref name="megabytes"/> MB of Float32 weights, its values drawn from <paramref name="seed"/>.</summary>
    public static Sequential BigModel(int seed, int megabytes)
    {
        int width = (int)Math.Sqrt(megabytes * 1024.0 * 1024.0 / 4 / 4);
        var model = new Sequential(new Dense(width, width), new Dense(width, width), new Dense(width, width), new Dense(width, width));
        Fill(model, seed);
        return model;
    }

    /// <summary>Overwrites every parameter and buffer of <paramref name="model"/> with values drawn from <paramref name="seed"/>.</summary>
    public static void Fill(Module model, int seed)
    {
        var g = new Generator((ulong)seed);
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, t) in model.StateDict())
            state[name] = t.DType.IsFloatingPoint() ? Tensor.Randn(t.Shape, t.DType, g) * 0.1 : t;
        model.LoadStateDict(state);
    }

    /// <summary>An Adam optimizer over <paramref name="model"/> with state (one step taken on a fixed loss at learning
    /// rate 0, so the weights stay as they are), its learning rate then set to 1e-3.</summary>
    public static Adam SteppedAdam(Module model)
    {
        var adam = new Adam(model.Parameters(), learningRate: 0);
        adam.ZeroGrad();
        Tensor loss = Tensor.Scalar(0);
        foreach (var p in model.Parameters()) loss = loss + p.Pow(2).Sum();
        loss.Backward();
        adam.Step();
        adam.ZeroGrad();
        foreach (var group in adam.ParameterGroups) group.LearningRate = 1e-3;
        return adam;
    }

    // ------------------------------------------------------------------ the resume scenario

    /// <summary>Batches per epoch of the resume scenario (100 examples, batch 8: the last batch holds 4).</summary>
    public const int ResumeBatchesPerEpoch = 13;

    /// <summary>Everything a training run of the resume scenario holds.</summary>
    public sealed record ResumeRun(Sequential Model, Sgd Optimizer, CosineAnnealingLR Schedule, DataLoader Loader,
        Generator ShuffleGenerator, Generator DropoutGenerator)
    {
        /// <summary>The generators by the names a checkpoint saves them under.</summary>
        public Dictionary<string, Generator> Generators => new() { ["shuffle"] = ShuffleGenerator, ["dropout"] = DropoutGenerator };

        /// <summary>The loaders by the names a checkpoint saves them under.</summary>
        public Dictionary<string, DataLoader> Loaders => new() { ["train"] = Loader };
    }

    /// <summary>
    /// A fresh run: a small CNN with batch norm and dropout, SGD with momentum and weight decay, a cosine schedule
    /// stepped after every batch, a shuffled loader over 100 synthetic examples; all seeded.
    /// </summary>
    public static ResumeRun NewResumeRun()
    {
        var dropoutGenerator = new Generator(7);
        var model = new Sequential(
            new Conv2D(1, 4, 3), new BatchNorm2D(4), new Relu(), new Dropout(0.3, generator: dropoutGenerator),
            new Flatten(), new Dense(4 * 6 * 6, 5));
        Fill(model, 3);
        var data = new Generator(11);
        var inputs = Tensor.Randn([100, 1, 8, 8], generator: data);
        var targets = Tensor.FromArray(Enumerable.Range(0, 100).Select(i => (i * 7 + 3) % 5).ToArray(), [100]);
        var shuffle = new Generator(5);
        var loader = new DataLoader(new TensorDataset(inputs, targets), batchSize: 8, shuffle: true, generator: shuffle);
        var sgd = new Sgd(model.Parameters(), learningRate: 0.05, momentum: 0.9, weightDecay: 1e-4);
        var schedule = new CosineAnnealingLR(sgd, tMax: 40);
        return new ResumeRun(model, sgd, schedule, loader, shuffle, dropoutGenerator);
    }

    /// <summary>
    /// Trains <paramref name="run"/> until <paramref name="totalSteps"/> steps have been taken in all, starting after
    /// <paramref name="stepsDone"/> (a resumed run continues its loader's epoch); calls <paramref name="afterStep"/>
    /// after every step with the number of steps taken.
    /// </summary>
    public static void Train(ResumeRun run, int stepsDone, int totalSteps, Action<int>? afterStep = null)
    {
        int step = stepsDone;
        while (step < totalSteps)
        {
            foreach (var (x, y) in run.Loader)
            {
                run.Optimizer.ZeroGrad();
                Tensor loss = Functional.CrossEntropy(run.Model.Call(x), y);
                loss.Backward();
                run.Optimizer.Step();
                run.Schedule.Step();
                step++;
                afterStep?.Invoke(step);
                if (step == totalSteps) return;
            }
        }
    }

    /// <summary>Saves a checkpoint of <paramref name="run"/> after <paramref name="steps"/> steps to a stream.</summary>
    public static void SaveResume(Stream stream, ResumeRun run, int steps) =>
        Checkpoint.Save(stream, run.Model, run.Optimizer, epoch: steps / ResumeBatchesPerEpoch, run.Schedule,
            metadata: new Dictionary<string, string> { ["steps"] = steps.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            generators: run.Generators, loaders: run.Loaders);

    /// <summary>Saves a checkpoint of <paramref name="run"/> after <paramref name="steps"/> steps.</summary>
    public static void SaveResume(string path, ResumeRun run, int steps) =>
        Checkpoint.Save(path, run.Model, run.Optimizer, epoch: steps / ResumeBatchesPerEpoch, run.Schedule,
            metadata: new Dictionary<string, string> { ["steps"] = steps.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            generators: run.Generators, loaders: run.Loaders);
}
