using System.Globalization;
using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Losses;
using DeepNotes.Optimizers;
using DeepNotes.Optimizers.Schedules;
using DeepNotes.Training;

namespace DeepNotes.Tests.Training;

/// <summary>The Fit callbacks, with monitored values scripted by hand so the expected epochs are known.</summary>
public class CallbackTests
{
    private static readonly double[] s_valLoss = [1.0, 0.8, 0.5, 0.45, 0.6, 0.3, 0.2, 0.1];

    private static History FitWith(int epochs, params Callback[] callbacks)
    {
        var (_, trainer) = FitTestSupport.LinearTrainer(learningRate: 0.05);
        return trainer.Fit(FitTestSupport.LinearProblem(n: 16), epochs, batchSize: 8, callbacks: callbacks, shuffle: false);
    }

    [Fact]
    public void EarlyStopping_StopsAfterPatienceEpochsWithoutImprovement()
    {
        // val_loss 1.0, 0.8, 0.5, 0.45, 0.6, ...: improving up to 0.45 at epoch 3; with patience 1, epoch 4 (0.6) is a
        // miss -> wait 1 >= 1 -> stop after epoch 4.
        var stopping = new EarlyStopping(patience: 1);
        var history = FitWith(8, new ScriptedLogs("val_loss", s_valLoss), stopping);
        Assert.Equal(5, history.Count);
        Assert.True(history.StoppedEarly);
        Assert.Equal(4, stopping.StoppedEpoch);
        Assert.Equal(3, stopping.BestEpoch);
        Assert.Equal(0.45, stopping.Best);
        Assert.Contains("EarlyStopping", history.StopReason);
    }

    [Fact]
    public void EarlyStopping_MinDeltaMakesSmallGainsCountAsMisses()
    {
        // minDelta 0.1: 0.45 is not below 0.5 - 0.1, so epochs 3 and 4 are misses; patience 2 stops after epoch 4, best at 2.
        var stopping = new EarlyStopping(patience: 2, minDelta: 0.1);
        var history = FitWith(8, new ScriptedLogs("val_loss", s_valLoss), stopping);
        Assert.Equal(5, history.Count);
        Assert.Equal(2, stopping.BestEpoch);

        // without minDelta, epoch 3 improves, epoch 4 misses, epoch 5 improves again: no stop within 8 epochs
        var plain = new EarlyStopping(patience: 2);
        Assert.Equal(8, FitWith(8, new ScriptedLogs("val_loss", s_valLoss), plain).Count);
        Assert.Equal(-1, plain.StoppedEpoch);
        Assert.Equal(7, plain.BestEpoch);
    }

    [Fact]
    public void EarlyStopping_MaxModeForAccuracy_AndPatienceZeroNeverStopsAtEpochZero()
    {
        var stopping = new EarlyStopping("val_accuracy", patience: 0);
        Assert.Equal(MonitorMode.Max, stopping.Mode);
        // 0.5, 0.7, 0.6: epochs 0 and 1 improve (an improvement never stops), epoch 2 misses -> stop after epoch 2
        var history = FitWith(5, new ScriptedLogs("val_accuracy", 0.5, 0.7, 0.6, 0.9, 0.9), stopping);
        Assert.Equal(3, history.Count);
        Assert.Equal(1, stopping.BestEpoch);
    }

    [Fact]
    public void EarlyStopping_RestoresTheWeightsOfTheBestEpoch()
    {
        var recorder = new WeightRecorder();
        var stopping = new EarlyStopping(patience: 2, minDelta: 0.1, restoreBestWeights: true);
        var (model, trainer) = FitTestSupport.LinearTrainer(learningRate: 0.05);
        var liveBefore = model.Parameters().ToArray();
        trainer.Fit(FitTestSupport.LinearProblem(n: 16), 8, batchSize: 8, shuffle: false,
            callbacks: [new ScriptedLogs("val_loss", s_valLoss), recorder, stopping]);

        Assert.Equal(5, recorder.Epochs.Count);
        var now = FitTestSupport.WeightsOf(model);
        Assert.Equal(recorder.Epochs[2], now);                 // best epoch 2, bit for bit
        Assert.NotEqual(recorder.Epochs[4]["0.weight"], now["0.weight"]);
        Assert.Equal(liveBefore, model.Parameters());           // restored in place: same tensors
        Assert.All(model.Parameters(), p => Assert.True(p.RequiresGrad));
    }

    [Fact]
    public void MonitoringAMissingLogValue_Throws_NamingTheKeys()
    {
        var e = Assert.Throws<InvalidOperationException>(() => FitWith(2, new EarlyStopping("val_loss")));
        Assert.Contains("'val_loss'", e.Message);
        Assert.Contains("[loss, lr]", e.Message);
    }

    [Fact]
    public void TerminateOnNaN_StopsAfterTheFirstNonFiniteBatchLoss()
    {
        var model = new Sequential(new Dense(3, 1, generator: new Generator(1)));
        var optimizer = new Sgd(model.Parameters(), 0.01);
        int calls = 0;
        var mse = new MseLoss();
        // batch 7 overall (epoch 1, batch 2 with 4 batches per epoch) gets a NaN loss
        var trainer = new Trainer(model, (o, t) => ++calls == 7 ? mse.Forward(o, t) * double.NaN : mse.Forward(o, t), optimizer);
        var terminate = new TerminateOnNaN();
        var history = trainer.Fit(FitTestSupport.LinearProblem(n: 16), 5, batchSize: 4, callbacks: [terminate]);

        Assert.Equal((1, 2), terminate.TerminatedAt);
        Assert.Equal(2, history.Count);
        Assert.True(history.StoppedEarly);
        Assert.Contains("TerminateOnNaN", history.StopReason);
        Assert.Equal(7, optimizer.StepCount);
        Assert.True(double.IsNaN(history.Loss[1]));
    }

    [Fact]
    public void TerminateOnNaN_StopsADivergingRun()
    {
        var (_, trainer) = FitTestSupport.LinearTrainer(learningRate: 1e6);
        var history = trainer.Fit(FitTestSupport.LinearProblem(), 50, batchSize: 8, callbacks: [new TerminateOnNaN()]);
        Assert.True(history.StoppedEarly);
        Assert.True(history.Count < 50);
    }

    [Fact]
    public void CsvLogger_WritesAHeaderAndOneInvariantRowPerEpoch()
    {
        var writer = new StringWriter();
        var previous = CultureInfo.CurrentCulture;
        History history;
        try
        {
            // a culture with a decimal comma (built by hand: tests may run in globalization-invariant mode) must not leak in
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NumberGroupSeparator = ".";
            CultureInfo.CurrentCulture = comma;
            var (_, trainer) = FitTestSupport.LinearTrainer();
            var data = FitTestSupport.LinearProblem(n: 16);
            history = trainer.Fit(data, 3, batchSize: 8, validationData: data, metrics: [FitTestSupport.MeanAbsoluteError()],
                callbacks: [new CsvLogger(writer)]);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
        var lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("epoch,loss,mae,val_loss,val_mae,lr", lines[0]);
        for (int e = 0; e < 3; e++)
        {
            var fields = lines[e + 1].Split(',');
            Assert.Equal(e.ToString(CultureInfo.InvariantCulture), fields[0]);
            Assert.Equal(history.Loss[e], double.Parse(fields[1], CultureInfo.InvariantCulture)); // round-trip exact
            Assert.Equal(history.Values("val_mae")[e], double.Parse(fields[4], CultureInfo.InvariantCulture));
            Assert.Equal("0.1", fields[5]);
        }
    }

    [Fact]
    public void CsvLogger_ToAPath_TruncatesOrAppendsWithoutASecondHeader()
    {
        string path = Path.Combine(Path.GetTempPath(), $"deepnotes-csv-{Guid.NewGuid():N}.csv");
        try
        {
            FitWith(2, new CsvLogger(path));
            FitWith(1, new CsvLogger(path, separator: ';', append: true));
            var lines = File.ReadAllLines(path);
            Assert.Equal(4, lines.Length);
            Assert.Equal("epoch,loss,lr", lines[0]);
            Assert.StartsWith("0;", lines[3]);
            FitWith(1, new CsvLogger(path));
            Assert.Equal(2, File.ReadAllLines(path).Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LearningRateScheduler_StepsTheOptimizerOncePerEpoch()
    {
        var model = new Sequential(new Dense(3, 1, generator: new Generator(1)));
        var optimizer = new Sgd(model.Parameters(), 0.1);
        var trainer = new Trainer(model, new MseLoss(), optimizer);
        var history = trainer.Fit(FitTestSupport.LinearProblem(n: 16), 3, batchSize: 8,
            callbacks: [new LearningRateScheduler(new StepLR(optimizer, stepSize: 1, gamma: 0.5))]);
        Assert.Equal([0.1, 0.05, 0.025], history.LearningRate);
        Assert.Equal([0.1, 0.05, 0.025], history.Values("lr"));
        Assert.Equal(0.0125, optimizer.LearningRate);
    }

    [Fact]
    public void LearningRateScheduler_FeedsTheMonitoredValueToReduceLROnPlateau()
    {
        var model = new Sequential(new Dense(3, 1, generator: new Generator(1)));
        var optimizer = new Sgd(model.Parameters(), 0.1);
        var trainer = new Trainer(model, new MseLoss(), optimizer);
        var plateau = new ReduceLROnPlateau(optimizer, factor: 0.5, patience: 0);
        // a flat val_loss: epoch 0 sets the best, every later epoch is bad and (patience 0) halves the rate for the next
        var history = trainer.Fit(FitTestSupport.LinearProblem(n: 16), 4, batchSize: 8,
            callbacks: [new ScriptedLogs("val_loss", 1, 1, 1, 1), new LearningRateScheduler(plateau)]);
        Assert.Equal([0.1, 0.1, 0.05, 0.025], history.LearningRate);
    }

    [Fact]
    public void ModelCheckpoint_SaveBestOnly_SavesAtImprovingEpochs()
    {
        var saved = new List<(int Epoch, double Value)>();
        var checkpoint = new ModelCheckpoint((model, epoch, logs) => saved.Add((epoch, logs["val_loss"])), saveBestOnly: true);
        FitWith(6, new ScriptedLogs("val_loss", 0.9, 0.7, 0.8, 0.6, 0.6, 0.65), checkpoint);
        Assert.Equal([(0, 0.9), (1, 0.7), (3, 0.6)], saved);

        var every = new List<int>();
        FitWith(3, new ModelCheckpoint((_, epoch, _) => every.Add(epoch)));
        Assert.Equal([0, 1, 2], every);

        var best = new List<int>();
        FitWith(4, new ScriptedLogs("val_accuracy", 0.5, 0.4, 0.6, 0.6),
            new ModelCheckpoint((_, epoch, _) => best.Add(epoch), monitor: "val_accuracy", saveBestOnly: true));
        Assert.Equal([0, 2], best);
    }

    [Fact]
    public void ModelCheckpoint_ReceivesTheTrainedModel()
    {
        var (model, trainer) = FitTestSupport.LinearTrainer();
        Module? received = null;
        trainer.Fit(FitTestSupport.LinearProblem(n: 16), 1, batchSize: 8, callbacks: [new ModelCheckpoint((m, _, _) => received = m)]);
        Assert.Same(model, received);
    }

    [Fact]
    public void EarlyStopping_Baseline_KeepsCountingUntilBeaten()
    {
        // val_loss 1.0, 1.2, 1.1 with baseline 0.5: epoch 0 improves on the best but not on the baseline, so the wait is
        // not reset (1); epoch 1 misses (wait 2 >= patience 2): stop after epoch 1. Without a baseline: after epoch 2.
        var stopping = new EarlyStopping(patience: 2, baseline: 0.5);
        var history = FitWith(8, new ScriptedLogs("val_loss", 1.0, 1.2, 1.1, 1.3, 1.4), stopping);
        Assert.Equal(2, history.Count);
        Assert.Equal(3, FitWith(8, new ScriptedLogs("val_loss", 1.0, 1.2, 1.1, 1.3, 1.4), new EarlyStopping(patience: 2)).Count);
        Assert.Equal(0, stopping.BestEpoch);
    }
}
