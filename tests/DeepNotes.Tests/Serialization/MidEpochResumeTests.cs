using DeepNotes.Data;
using DeepNotes.FaultChild;
using DeepNotes.Serialization;

namespace DeepNotes.Tests.Serialization;

/// <summary>
/// A manual training loop (shuffle, dropout, batch norm, momentum, a schedule stepped per batch) checkpointed at any step
/// by another process and resumed here equals the uninterrupted run bit for bit.
/// </summary>
public class MidEpochResumeTests
{
    private const int Total = 30; // two epochs of 13 batches and 4 steps into the third

    private static List<byte[]> Weights(FaultScenarios.ResumeRun run)
    {
        var all = new List<byte[]>();
        foreach (var (_, t) in run.Model.StateDict())
            all.Add(Enumerable.Range(0, t.ElementCount).SelectMany(i => BitConverter.GetBytes(t.GetRaw(i))).ToArray());
        foreach (var p in run.Model.Parameters())
            foreach (var (_, t) in run.Optimizer.GetState(p))
                all.Add(Enumerable.Range(0, t.ElementCount).SelectMany(i => BitConverter.GetBytes(t.GetRaw(i))).ToArray());
        all.Add(BitConverter.GetBytes(run.Optimizer.LearningRate));
        return all;
    }

    private static readonly Lazy<List<byte[]>> s_uninterrupted = new(() =>
    {
        var run = FaultScenarios.NewResumeRun();
        FaultScenarios.Train(run, 0, Total);
        return Weights(run);
    });

    [Theory]
    [InlineData(5)]   // inside the first epoch
    [InlineData(13)]  // after the last batch of an epoch, before the loop notices the epoch ended
    [InlineData(20)]  // mid-epoch, after an epoch boundary
    [InlineData(26)]  // at the end of the second epoch
    public void ResumedInAFreshProcess_EqualsTheUninterruptedRun(int interruptAt)
    {
        string path = Path.Combine(Path.GetTempPath(), $"deepnotes-resume-{Guid.NewGuid():N}.safetensors");
        try
        {
            FaultChildProcess.Run("resume-save", path, interruptAt.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var run = FaultScenarios.NewResumeRun();
            var info = Checkpoint.Load(path, run.Model, run.Optimizer, run.Schedule, generators: run.Generators, loaders: run.Loaders);
            Assert.Equal(interruptAt.ToString(System.Globalization.CultureInfo.InvariantCulture), info.UserMetadata["steps"]);
            FaultScenarios.Train(run, interruptAt, Total);
            Assert.Equal(s_uninterrupted.Value, Weights(run));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void WithoutTheLoaderPosition_TheResumedRunDiffers()
    {
        // The guard: restoring everything but the loader (as checkpoints did before) does not reproduce the run.
        var first = FaultScenarios.NewResumeRun();
        FaultScenarios.Train(first, 0, 20);
        using var stream = new MemoryStream();
        FaultScenarios.SaveResume(stream, first, 20);
        stream.Position = 0;
        var run = FaultScenarios.NewResumeRun();
        Checkpoint.Load(stream, run.Model, run.Optimizer, run.Schedule, generators: run.Generators);
        FaultScenarios.Train(run, 20, Total);
        Assert.NotEqual(s_uninterrupted.Value, Weights(run));
    }

    [Fact]
    public void TheModuleModes_AreRestored()
    {
        var first = FaultScenarios.NewResumeRun();
        first.Model.Eval();
        first.Model[3].Train();
        using var stream = new MemoryStream();
        FaultScenarios.SaveResume(stream, first, 0);
        stream.Position = 0;
        var run = FaultScenarios.NewResumeRun();
        Checkpoint.Load(stream, run.Model, run.Optimizer);
        Assert.Equal(first.Model.Modules().Select(m => m.IsTraining), run.Model.Modules().Select(m => m.IsTraining));
        Assert.False(run.Model.IsTraining);
        Assert.True(run.Model[3].IsTraining);
    }

    [Fact]
    public void DataLoaderState_TracksTheEpoch()
    {
        var loader = new DataLoader(new TensorDataset(Tensor.Zeros([10, 2]), Tensor.Zeros([10])), batchSize: 4, shuffle: true, generator: new Generator(1));
        Assert.True(loader.GetState().IsBetweenEpochs);
        using (var e = loader.GetEnumerator())
        {
            Assert.True(e.MoveNext());
            var s = loader.GetState();
            Assert.Equal(1, s.NextBatch);
            Assert.Equal(10, s.Order!.Count);
            Assert.True(e.MoveNext());
            Assert.True(e.MoveNext());
            Assert.Equal(3, loader.GetState().NextBatch);
            Assert.False(e.MoveNext());
        }
        Assert.True(loader.GetState().IsBetweenEpochs);
    }

    [Fact]
    public void DataLoaderSetState_ContinuesTheSavedEpochOnce()
    {
        var inputs = Tensor.FromArray(Enumerable.Range(0, 10).Select(i => (float)i).ToArray(), [10, 1]);
        var loader = new DataLoader(new TensorDataset(inputs, Tensor.Zeros([10])), batchSize: 4, shuffle: true, generator: new Generator(1));
        int[] order = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
        loader.SetState(new DataLoaderState(order, 1));
        Assert.Equal([5f, 4f, 3f, 2f, 1f, 0f], loader.SelectMany(b => b.Input.ToArray<float>()).ToArray());
        Assert.Equal(10, loader.SelectMany(b => b.Input.ToArray<float>()).Count()); // the next epoch is a whole new one
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2 }, 0, "holds 3 indices, but the dataset has 10")]
    [InlineData(new[] { 0, 0, 2, 3, 4, 5, 6, 7, 8, 9 }, 0, "not a permutation")]
    [InlineData(new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, 4, "NextBatch must be in [0, 3], got 4")]
    public void DataLoaderSetState_RejectsStatesOfAnotherLoader(int[] order, int next, string message)
    {
        var loader = new DataLoader(new TensorDataset(Tensor.Zeros([10, 2]), Tensor.Zeros([10])), batchSize: 4, shuffle: true);
        var e = Assert.Throws<ArgumentException>(() => loader.SetState(new DataLoaderState(order, next)));
        Assert.Contains(message, e.Message);
        Assert.True(loader.GetState().IsBetweenEpochs);
    }

    [Fact]
    public void AnUnshuffledLoader_RejectsAShuffledOrder()
    {
        var loader = new DataLoader(new TensorDataset(Tensor.Zeros([3, 2]), Tensor.Zeros([3])), batchSize: 2);
        var e = Assert.Throws<ArgumentException>(() => loader.SetState(new DataLoaderState([1, 0, 2], 0)));
        Assert.Contains("does not shuffle", e.Message);
    }
}
