using DeepNotes.Data;
using DeepNotes.Layers;
using DeepNotes.Losses;
using DeepNotes.Optimizers;
using DeepNotes.Optimizers.Schedules;
using DeepNotes.Training;
using static DeepNotes.Tests.Training.FitTestSupport;

namespace DeepNotes.Tests.Training;

/// <summary>Fit with gradient clipping, gradient accumulation, steps per epoch, the backward/step hooks and per-batch schedules.</summary>
public class FitClippingAccumulationTests
{
    private static Sequential Model() =>
        new(new Dense(3, 8, generator: new Generator(4)), new Tanh(), new Dense(8, 1, generator: new Generator(5)));

    /// <summary>The hand-written loop Fit must reproduce: zero at each group start, loss/k backward, clip, step.</summary>
    private static Dictionary<string, float[]> HandWritten(TensorDataset data, int epochs, int batchSize, int k, GradientClip? clip, int? stepsPerEpoch)
    {
        var model = Model();
        var optimizer = new Adam(model.Parameters(), 0.05);
        var mse = new MseLoss();
        var shuffle = new Generator(9);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            var loader = new DataLoader(data, batchSize, shuffle: true, generator: shuffle);
            int batches = Math.Min(loader.Count, stepsPerEpoch ?? int.MaxValue), b = 0, inGroup = 0;
            foreach (var (x, y) in loader)
            {
                if (b >= batches) break;
                if (inGroup == 0) optimizer.ZeroGrad();
                Tensor loss = mse.Forward(model.Call(x), y);
                (k == 1 ? loss : loss / k).Backward();
                inGroup++;
                if (inGroup == k || b + 1 == batches)
                {
                    if (clip?.MaxNorm is double n) GradientClipping.ClipByGlobalNorm(model.Parameters(), n, clip.NormType);
                    if (clip?.ClipValue is double v) GradientClipping.ClipByValue(model.Parameters(), v);
                    optimizer.Step();
                    inGroup = 0;
                }
                b++;
            }
        }
        return WeightsOf(model);
    }

    private static Dictionary<string, float[]> Fitted(TensorDataset data, int epochs, int batchSize, int k, GradientClip? clip, int? stepsPerEpoch,
        IEnumerable<Callback>? callbacks = null)
    {
        var model = Model();
        var trainer = new Trainer(model, new MseLoss(), new Adam(model.Parameters(), 0.05));
        trainer.Fit(data, epochs, batchSize, generator: new Generator(9), gradientClipping: clip, accumulationSteps: k,
            stepsPerEpoch: stepsPerEpoch, callbacks: callbacks);
        return WeightsOf(model);
    }

    public static TheoryData<int, string?, int?> Configurations() => new()
    {
        { 1, null, null },
        { 1, "norm", null },
        { 3, null, null },
        { 3, "norm", null },
        { 4, "value", null },
        { 2, "norm", 5 },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Fit_ReproducesTheHandWrittenLoop_Bitwise(int k, string? clipKind, int? stepsPerEpoch)
    {
        var data = LinearProblem(70);
        GradientClip? clip = clipKind switch { "norm" => GradientClip.ByNorm(0.05), "value" => GradientClip.ByValue(0.01), _ => null };
        var expected = HandWritten(data, 3, 8, k, clip, stepsPerEpoch);
        var actual = Fitted(data, 3, 8, k, clip, stepsPerEpoch);
        foreach (var (name, values) in expected) Assert.Equal(values, actual[name]);
    }

    [Fact]
    public void Clipping_AndAccumulation_ChangeTheResult()
    {
        // The options are not ignored: each one gives other weights than plain Fit.
        var data = LinearProblem(70);
        var plain = Fitted(data, 2, 8, 1, null, null);
        Assert.NotEqual(plain["0.weight"], Fitted(data, 2, 8, 1, GradientClip.ByNorm(0.05), null)["0.weight"]);
        Assert.NotEqual(plain["0.weight"], Fitted(data, 2, 8, 3, null, null)["0.weight"]);
        Assert.NotEqual(plain["0.weight"], Fitted(data, 2, 8, 1, null, 4)["0.weight"]);
    }

    private sealed class StepCounter : Callback
    {
        public List<string> Events { get; } = [];
        public List<double> NormsBeforeStep { get; } = [];

        public override void OnAfterBackward(BatchLogs logs) => Events.Add($"backward {logs.Batch}");

        public override void OnBeforeOptimizerStep(BatchLogs logs)
        {
            Events.Add($"step {logs.Batch}");
            double total = 0;
            foreach (var p in Trainer.Model.Parameters())
                if (p.Grad is Tensor g) total += g.Square().Sum().Item();
            NormsBeforeStep.Add(Math.Sqrt(total));
        }

        public override void OnBatchEnd(BatchLogs logs) => Events.Add($"end {logs.Batch} {(logs.OptimizerStepped ? "stepped" : "accumulating")}");
    }

    [Fact]
    public void Hooks_RunInOrder_AndSeeClippedGradients()
    {
        var counter = new StepCounter();
        Fitted(LinearProblem(40), 1, 8, 2, GradientClip.ByNorm(0.01), null, [counter]);
        Assert.Equal(
            ["backward 0", "end 0 accumulating", "backward 1", "step 1", "end 1 stepped", "backward 2", "end 2 accumulating",
             "backward 3", "step 3", "end 3 stepped", "backward 4", "step 4", "end 4 stepped"], counter.Events);
        Assert.All(counter.NormsBeforeStep, n => Assert.True(n <= 0.01 + 1e-6, $"norm {n}"));
    }

    [Fact]
    public void PerBatchSchedule_StepsAfterEveryOptimizerStep()
    {
        var model = Model();
        var optimizer = new Sgd(model.Parameters(), 0.1);
        var schedule = new StepLR(optimizer, stepSize: 1, gamma: 0.5);
        var trainer = new Trainer(model, new MseLoss(), optimizer);
        trainer.Fit(LinearProblem(40), 1, 8, accumulationSteps: 2, callbacks: [new LearningRateScheduler(schedule, perBatch: true)]);
        Assert.Equal(3, schedule.LastEpoch); // 5 batches in groups of 2: 3 optimizer steps
        Assert.Equal(0.1 * 0.125, optimizer.LearningRate, 12);
    }

    [Fact]
    public void BadOptions_Throw()
    {
        var (_, trainer) = LinearTrainer();
        Assert.Contains("accumulationSteps must be at least 1, got 0",
            Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(LinearProblem(), 1, accumulationSteps: 0)).Message);
        Assert.Contains("stepsPerEpoch must be at least 1, got 0",
            Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(LinearProblem(), 1, stepsPerEpoch: 0)).Message);
        Assert.Contains("maximum norm must be ≥ 0", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClip.ByNorm(-1)).Message);
        Assert.Contains("clip value must be ≥ 0", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClip.ByValue(double.NaN)).Message);
    }
}
