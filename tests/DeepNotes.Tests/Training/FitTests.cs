using DeepNotes.Metrics;
using DeepNotes;
using DeepNotes.Data;
using DeepNotes.Layers;
using DeepNotes.Losses;
using DeepNotes.Optimizers;
using DeepNotes.Training;

namespace DeepNotes.Tests.Training;

/// <summary>Trainer.Fit, Evaluate and Predict: training, history, validation, modes, progress and reproducibility.</summary>
public class FitTests
{
    [Fact]
    public void Fit_LowersTheLoss_AndReturnsOneRecordPerEpoch()
    {
        var data = FitTestSupport.LinearProblem();
        var (_, trainer) = FitTestSupport.LinearTrainer();
        var history = trainer.Fit(data, epochs: 6, batchSize: 8, metrics: [FitTestSupport.MeanAbsoluteError()], generator: new Generator(1));

        Assert.Equal(6, history.Count);
        Assert.Equal(6, history.Loss.Count);
        Assert.Equal([0, 1, 2, 3, 4, 5], history.Epochs.Select(e => e.Epoch));
        Assert.False(history.StoppedEarly);
        Assert.True(history.Loss[5] < 0.01 * history.Loss[0], $"losses: {string.Join(", ", history.Loss)}");
        Assert.All(history.Values("mae"), v => Assert.True(v >= 0 && double.IsFinite(v)));
        Assert.All(history.LearningRate, lr => Assert.Equal(0.1, lr));
        Assert.All(history.Durations, d => Assert.True(d > TimeSpan.Zero));
        Assert.Empty(history.ValidationLoss);
        Assert.Equal(["loss", "mae", "lr"], history.Epochs[0].Logs.Keys);
    }

    [Fact]
    public void EpochLoss_IsTheBatchSizeWeightedMeanOfTheBatchLosses()
    {
        var data = FitTestSupport.LinearProblem(n: 10);
        var (_, trainer) = FitTestSupport.LinearTrainer();
        var batches = new BatchRecorder();
        var history = trainer.Fit(data, epochs: 2, batchSize: 4, callbacks: [batches], shuffle: false);

        // batches of 4, 4, 2 examples
        Assert.Equal([4, 4, 2, 4, 4, 2], batches.Logs.Select(b => b.Size));
        for (int e = 0; e < 2; e++)
        {
            var b = batches.Logs.Where(l => l.Epoch == e).ToArray();
            double expected = (b[0].Loss * 4 + b[1].Loss * 4 + b[2].Loss * 2) / 10;
            Assert.Equal(expected, history.Loss[e], 12);
        }
    }

    [Fact]
    public void Evaluate_MatchesTheLossOverTheWholeSet_AndPredictMatchesForward()
    {
        var data = FitTestSupport.LinearProblem(n: 10);
        var (model, trainer) = FitTestSupport.LinearTrainer();
        Tensor full;
        double expected;
        using (Autograd.NoGrad())
        {
            full = model.Forward(data.Inputs);
            expected = Functional.MseLoss(full, data.Targets).Item();
        }
        var logs = trainer.Evaluate(data, batchSize: 3, metrics: [FitTestSupport.MeanAbsoluteError()]);
        Assert.Equal(["loss", "mae"], logs.Keys);
        Assert.Equal(expected, logs["loss"], 5);

        var predicted = trainer.Predict(data.Inputs, batchSize: 3);
        Assert.Equal(full.Shape, predicted.Shape);
        Assert.Equal(full.ToArray<float>(), predicted.ToArray<float>());
        Assert.Equal(full.ToArray<float>(), trainer.Predict(data, batchSize: 4).ToArray<float>());
        Assert.False(predicted.RequiresGrad);
    }

    [Fact]
    public void ValidationSplit_HoldsOutTheLastExamples_AsKeras()
    {
        // n = 10, split 0.25: train = first floor(10 * 0.75) = 7 examples, validation = the last 3.
        var data = FitTestSupport.LinearProblem(n: 10);
        var (train, validation) = Trainer.SplitValidation(data, null, 0.25);
        Assert.Equal(7, train.Count);
        Assert.Equal(3, validation!.Count);
        Assert.Equal([7, 8, 9], ((Subset)validation).Indices);

        var (_, trainer) = FitTestSupport.LinearTrainer();
        var progress = new ProgressLog();
        var history = trainer.Fit(data, epochs: 1, batchSize: 1, validationSplit: 0.25, progress: progress);
        Assert.Equal(7, progress.Reports[0].Batches);
        Assert.NotNull(history.Epochs[0].ValidationLoss);

        // the validation loss is the loss on examples 7..9 with the final weights of the epoch (same batching: 1)
        var expected = trainer.Evaluate(validation, batchSize: 1)["loss"];
        Assert.Equal(expected, history.ValidationLoss[0], 12);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void ValidationSplit_OutsideZeroToOne_Throws(double split)
    {
        var (_, trainer) = FitTestSupport.LinearTrainer();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(FitTestSupport.LinearProblem(10), 1, validationSplit: split));
        Assert.Contains("validationSplit must be in [0, 1)", e.Message);
    }

    [Fact]
    public void ValidationDataAndSplitTogether_OrClashingMetricNames_Throw()
    {
        var data = FitTestSupport.LinearProblem(10);
        var (_, trainer) = FitTestSupport.LinearTrainer();
        Assert.Contains("either validationData or validationSplit",
            Assert.Throws<ArgumentException>(() => trainer.Fit(data, 1, validationData: data, validationSplit: 0.5)).Message);
        Assert.Contains("'loss'", Assert.Throws<ArgumentException>(() =>
            trainer.Fit(data, 1, metrics: [new FunctionMetric("loss", (_, _) => 0)])).Message);
        Assert.Contains("two metrics are named 'mae'", Assert.Throws<ArgumentException>(() =>
            trainer.Fit(data, 1, metrics: [FitTestSupport.MeanAbsoluteError(), FitTestSupport.MeanAbsoluteError()])).Message);
    }

    [Fact]
    public void Validation_RunsInEvalModeWithoutGrad_ThenTrainingResumesInTrainMode()
    {
        var probe = new ModeProbe();
        var model = new Sequential(new Dense(3, 1, generator: new Generator(1)), probe);
        var trainer = new Trainer(model, new MseLoss(), new Sgd(model.Parameters(), 0.01));
        var data = FitTestSupport.LinearProblem(n: 8);
        trainer.Fit(data, epochs: 2, batchSize: 4, validationData: data, validationBatchSize: 8);

        // per epoch: 2 training batches (train mode, grad on) then 1 validation batch (eval mode, grad off)
        (bool, bool)[] epoch = [(true, true), (true, true), (false, false)];
        Assert.Equal([.. epoch, .. epoch], probe.Calls);
        Assert.True(model.IsTraining);
        Assert.True(Autograd.IsGradEnabled);
    }

    [Fact]
    public void ProgressReports_OnePerBatchAndOnePerEpochEnd_WithFinalValues()
    {
        var data = FitTestSupport.LinearProblem(n: 10);
        var (_, trainer) = FitTestSupport.LinearTrainer();
        var progress = new ProgressLog();
        var batches = new BatchRecorder();
        var history = trainer.Fit(data, epochs: 2, batchSize: 4, validationData: data, metrics: [FitTestSupport.MeanAbsoluteError()],
            callbacks: [batches], progress: progress, shuffle: false);

        Assert.Equal(2 * (3 + 1), progress.Reports.Count);
        for (int e = 0; e < 2; e++)
        {
            var reports = progress.Reports.Skip(4 * e).Take(4).ToArray();
            Assert.Equal([1, 2, 3, 3], reports.Select(r => r.Batch));
            Assert.All(reports, r => { Assert.Equal(e + 1, r.Epoch); Assert.Equal(2, r.Epochs); Assert.Equal(3, r.Batches); });
            Assert.Equal([false, false, false, true], reports.Select(r => r.IsEpochEnd));
            // running loss after the first batch is that batch's loss; the last batch report holds the epoch loss
            Assert.Equal(batches.Logs[3 * e].Loss, reports[0].Loss, 12);
            Assert.Equal(history.Loss[e], reports[2].Loss, 12);
            Assert.Equal(history.Values("mae")[e], reports[2].Metrics["mae"]);
            Assert.Equal(TimeSpan.Zero, reports[2].Eta);
            Assert.Equal(history.Epochs[e].Logs, reports[3].EpochLogs);
            Assert.True(reports[3].SamplesPerSecond > 0);
        }
    }

    [Fact]
    public void SeededFit_IsBitwiseReproducible()
    {
        static (float[] Weights, double[] Losses) Run()
        {
            var g = new Generator(5);
            var model = new Sequential(new Dense(3, 16, generator: g), new Tanh(), new Dropout(0.2, generator: g), new Dense(16, 1, generator: g));
            var trainer = new Trainer(model, new MseLoss(), new Adam(model.Parameters(), learningRate: 1e-2));
            var history = trainer.Fit(FitTestSupport.LinearProblem(), epochs: 3, batchSize: 8, validationSplit: 0.25, generator: new Generator(9));
            return (model.Parameters().SelectMany(p => p.ToArray<float>()).ToArray(), [.. history.Loss, .. history.ValidationLoss]);
        }

        var first = Run();
        var second = Run();
        Assert.Equal(first.Weights, second.Weights);
        Assert.Equal(first.Losses, second.Losses);
    }

    private sealed class BatchRecorder : Callback
    {
        public List<BatchLogs> Logs { get; } = [];

        public override void OnBatchEnd(BatchLogs logs) => Logs.Add(logs);
    }
}

public class FitWithLibraryMetricsTests
{
    [Fact]
    public void Fit_ReportsAccuracyAndMacroF1_FromDeepNotesMetrics_MatchingTheBatchFunctions()
    {
        var (train, test) = DeepNotes.Data.FashionMnist.LoadEmbeddedSubset();
        var g = new Generator(5);
        var model = new DeepNotes.Layers.Sequential(new DeepNotes.Layers.Flatten(), new DeepNotes.Layers.Dense(784, 32, generator: g),
            new DeepNotes.Layers.Relu(), new DeepNotes.Layers.Dense(32, 10, generator: g));
        var trainer = new DeepNotes.Training.Trainer(model, (o, t) => Functional.CrossEntropy(o, t),
            new DeepNotes.Optimizers.Adam(model.Parameters(), learningRate: 2e-3));
        var history = trainer.Fit(train, epochs: 2, batchSize: 64, validationData: test,
            metrics: [new AccuracyMetric(), new F1Metric(10)], generator: new Generator(6));
        var last = history.Epochs[^1].Logs;
        Tensor logits;
        using (Autograd.NoGrad()) { model.Eval(); logits = model.Forward(test.Inputs); model.Train(); }
        Assert.Equal(Classification.Accuracy(logits, test.Targets), last["val_accuracy"], 12);
        Assert.Equal(Classification.ConfusionMatrix(logits, test.Targets, 10).F1(Averaging.Macro), last["val_macro_f1"], 12);
    }
}
