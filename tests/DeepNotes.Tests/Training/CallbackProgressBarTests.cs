using DeepNotes;
using DeepNotes.Training;

namespace DeepNotes.Tests.Training;

/// <summary>ConsoleProgressBar rendering, against hand-written expected lines.</summary>
public class CallbackProgressBarTests
{
    private static readonly Dictionary<string, double> s_noMetrics = [];

    [Fact]
    public void BatchLine_ShowsCountBarEtaLossMetricsAndSpeed()
    {
        var writer = new StringWriter();
        var bar = new ConsoleProgressBar(writer, minInterval: TimeSpan.Zero);
        bar.Report(new TrainingProgress(1, 2, 1, 4, 0.5, new Dictionary<string, double> { ["accuracy"] = 0.25 }, 1234.4,
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)));
        // width 30, 1 of 4 batches: 30 * 1 / 4 = 7 cells done -> 6 '=' and '>' then 23 '.'
        string expected = "Epoch 1/2" + Environment.NewLine
            + "\r1/4 [======>.......................] - ETA: 3.0s - loss: 0.5000 - accuracy: 0.2500 - 1,234 samples/s";
        Assert.Equal(expected, writer.ToString());
    }

    [Fact]
    public void EpochEndLine_HasTheFullBarTimePerStepAndAllLogs_AndEndsTheLine()
    {
        var writer = new StringWriter();
        var bar = new ConsoleProgressBar(writer, width: 10, overwrite: false);
        var logs = new Dictionary<string, double> { ["loss"] = 0.12345, ["val_loss"] = 0.2, ["lr"] = 1e-4 };
        bar.Report(new TrainingProgress(3, 10, 1, 4, 0.1, s_noMetrics, 10, TimeSpan.FromSeconds(0.1), TimeSpan.Zero));
        bar.Report(new TrainingProgress(3, 10, 4, 4, 0.12345, s_noMetrics, 10, TimeSpan.FromSeconds(2), TimeSpan.Zero, logs));
        string expected = "Epoch 3/10" + Environment.NewLine
            + "4/4 [==========] - 2.0s 500ms/step - loss: 0.1235 - val_loss: 0.2000 - lr: 1.0000e-04" + Environment.NewLine;
        Assert.Equal(expected, writer.ToString());
    }

    [Fact]
    public void DuringFit_RendersEveryEpochToTheWriter()
    {
        var writer = new StringWriter();
        var (_, trainer) = FitTestSupport.LinearTrainer();
        var data = FitTestSupport.LinearProblem(n: 16);
        trainer.Fit(data, 2, batchSize: 4, validationData: data, progress: new ConsoleProgressBar(writer, minInterval: TimeSpan.Zero));
        string text = writer.ToString();
        Assert.Contains("Epoch 1/2", text);
        Assert.Contains("Epoch 2/2", text);
        Assert.Contains("\r1/4 [======>.......................] - ETA: ", text);
        Assert.Contains("\r4/4 [==============================] - ETA: 0.0s", text);
        var lines = text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length); // "Epoch e/2" and one (\r-overwritten) bar line per epoch
        Assert.Contains("val_loss: ", lines[1]);
        Assert.Contains("lr: 0.1000", lines[3]);
    }

    [Fact]
    public void Throttling_SkipsRedrawsInsideTheInterval_ButAlwaysDrawsTheLastBatch()
    {
        var writer = new StringWriter();
        var bar = new ConsoleProgressBar(writer, minInterval: TimeSpan.FromHours(1));
        for (int b = 1; b <= 3; b++)
            bar.Report(new TrainingProgress(1, 1, b, 3, 1, s_noMetrics, 1, TimeSpan.FromSeconds(b), TimeSpan.Zero));
        string text = writer.ToString();
        Assert.Contains("\r1/3", text);
        Assert.DoesNotContain("\r2/3", text);
        Assert.Contains("\r3/3", text);
    }
}
