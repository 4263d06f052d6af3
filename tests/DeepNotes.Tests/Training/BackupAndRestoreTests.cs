using DeepNotes.Data;
using DeepNotes.FaultChild;
using DeepNotes.Layers;
using DeepNotes.Losses;
using DeepNotes.Optimizers;
using DeepNotes.Optimizers.Schedules;
using DeepNotes.Training;

namespace DeepNotes.Tests.Training;

/// <summary>Trainer.Fit interrupted mid-epoch and rerun with <see cref="BackupAndRestore"/> finishes bit for bit like an uninterrupted run.</summary>
public class BackupAndRestoreTests
{
    private sealed class CrashAfter(int steps) : Callback
    {
        private int _steps;

        public override void OnBatchEnd(BatchLogs logs)
        {
            if (++_steps == steps) throw new IOException("power failure (simulated)");
        }
    }

    private sealed record Setup(Trainer Trainer, Sequential Model, Generator Shuffle, Generator Dropout, StepLR Schedule, TensorDataset Data);

    private static Setup NewSetup()
    {
        var dropout = new Generator(7);
        var model = new Sequential(new Conv2D(1, 4, 3), new BatchNorm2D(4), new Relu(), new Dropout(0.3, generator: dropout),
            new Flatten(), new Dense(4 * 6 * 6, 5));
        FaultScenarios.Fill(model, 3);
        var data = new TensorDataset(Tensor.Randn([100, 1, 8, 8], generator: new Generator(11)),
            Tensor.FromArray(Enumerable.Range(0, 100).Select(i => (i * 7 + 3) % 5).ToArray(), [100]));
        var adam = new Adam(model.Parameters(), learningRate: 0.01);
        var schedule = new StepLR(adam, stepSize: 1, gamma: 0.7);
        return new Setup(new Trainer(model, new CrossEntropyLoss(), adam), model, new Generator(5), dropout, schedule, data);
    }

    private static History Fit(Setup s, params Callback[] extra) =>
        s.Trainer.Fit(s.Data, epochs: 3, batchSize: 8, generator: s.Shuffle, callbacks: [new LearningRateScheduler(s.Schedule), .. extra]);

    private static BackupAndRestore Backup(Setup s, string path) =>
        new(path, saveEverySteps: 5, scheduler: s.Schedule, generators: new Dictionary<string, Generator> { ["dropout"] = s.Dropout });

    private static List<float[]> Weights(Module m) => m.StateDict().Values.Select(t => t.DType == DType.Int32 ? t.ToArray<int>().Select(v => (float)v).ToArray() : t.ToArray<float>()).ToList();

    [Theory]
    [InlineData(17)] // epoch 1, batch 4 (backup after step 15)
    [InlineData(26)] // the last step of epoch 1 (backup after step 25, and the epoch-end backup is not reached)
    [InlineData(3)]  // before any backup: the rerun starts afresh
    public void AnInterruptedFit_RerunWithTheBackup_EqualsTheUninterruptedFit(int crashAfter)
    {
        var reference = NewSetup();
        var expected = Fit(reference);

        string path = Path.Combine(Path.GetTempPath(), $"deepnotes-backup-{Guid.NewGuid():N}.safetensors");
        try
        {
            var crashed = NewSetup();
            Assert.Throws<IOException>(() => Fit(crashed, Backup(crashed, path), new CrashAfter(crashAfter)));
            Assert.Equal(crashAfter >= 5, File.Exists(path));

            var resumed = NewSetup();
            var backup = Backup(resumed, path);
            var history = Fit(resumed, backup);
            Assert.Equal(crashAfter >= 5, backup.Restored);
            Assert.False(File.Exists(path)); // deleted after a normal return

            var expectedWeights = Weights(reference.Model);
            var actualWeights = Weights(resumed.Model);
            Assert.Equal(expectedWeights.Count, actualWeights.Count);
            for (int i = 0; i < expectedWeights.Count; i++) Assert.Equal(expectedWeights[i], actualWeights[i]);
            // The resumed run returns the epochs it ran; the interrupted epoch's loss is exact.
            var tail = expected.Epochs.Skip(expected.Epochs.Count - history.Epochs.Count).ToList();
            for (int i = 0; i < tail.Count; i++)
            {
                Assert.Equal(tail[i].Epoch, history.Epochs[i].Epoch);
                Assert.Equal(tail[i].Logs["loss"], history.Epochs[i].Logs["loss"]);
                Assert.Equal(tail[i].LearningRate, history.Epochs[i].LearningRate);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ABackupOfAnotherKind_IsRejectedBeforeAnythingChanges()
    {
        string path = Path.Combine(Path.GetTempPath(), $"deepnotes-backup-{Guid.NewGuid():N}.safetensors");
        try
        {
            var s = NewSetup();
            DeepNotes.Serialization.Checkpoint.Save(path, s.Model, s.Trainer.Optimizer, 1);
            var before = Weights(s.Model);
            var e = Assert.Throws<InvalidDataException>(() => Fit(s, Backup(s, path)));
            Assert.Contains("fit.batch", e.Message);
            var after = Weights(s.Model);
            for (int i = 0; i < before.Count; i++) Assert.Equal(before[i], after[i]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BadArguments_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackupAndRestore("x", saveEverySteps: -1));
        Assert.Throws<ArgumentException>(() => new BackupAndRestore(""));
        Assert.Throws<ArgumentException>(() => new BackupAndRestore("x", generators: new Dictionary<string, Generator> { ["fit.shuffle"] = new Generator(1) }));
    }
}
