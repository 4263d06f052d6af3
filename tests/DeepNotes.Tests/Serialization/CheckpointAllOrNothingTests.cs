using DeepNotes.FaultChild;
using DeepNotes.Serialization;

namespace DeepNotes.Tests.Serialization;

/// <summary>
/// <c>Checkpoint.Load</c> is all or nothing: a checkpoint that is bad in any part leaves the model, optimizer, schedule,
/// generators and data loader exactly as they were before the call.
/// </summary>
public class CheckpointAllOrNothingTests
{
    /// <summary>A valid checkpoint of the resume scenario after 20 steps (mid-epoch: 20 = 13 + 7).</summary>
    private static SafeTensorsContent SavedContent()
    {
        var run = FaultScenarios.NewResumeRun();
        FaultScenarios.Train(run, 0, 20);
        run.Model.Eval();
        run.Model[1].Train(); // mixed modes: the restore must not touch them on failure
        using var stream = new MemoryStream();
        Checkpoint.Save(stream, run.Model, run.Optimizer, 1, run.Schedule, generators: run.Generators, loaders: run.Loaders);
        stream.Position = 0;
        return SafeTensors.Read(stream);
    }

    private static byte[] Rewrite(SafeTensorsContent content, Action<Dictionary<string, Tensor>, Dictionary<string, string>> change)
    {
        var tensors = new Dictionary<string, Tensor>(content.Tensors);
        var meta = new Dictionary<string, string>(content.Metadata);
        change(tensors, meta);
        using var stream = new MemoryStream();
        SafeTensors.Save(stream, tensors, meta);
        return stream.ToArray();
    }

    /// <summary>Everything a restore may change, as comparable text and bytes.</summary>
    private static List<string> Snapshot(FaultScenarios.ResumeRun run)
    {
        var parts = new List<string>();
        foreach (var (name, t) in run.Model.StateDict())
            parts.Add($"{name}={string.Join(",", Enumerable.Range(0, t.ElementCount).Select(i => BitConverter.DoubleToInt64Bits(t.GetRaw(i))))}");
        foreach (var p in run.Model.Parameters())
            foreach (var (name, t) in run.Optimizer.GetState(p))
                parts.Add($"opt.{name}={string.Join(",", Enumerable.Range(0, t.ElementCount).Select(i => BitConverter.DoubleToInt64Bits(t.GetRaw(i))))}");
        foreach (var g in run.Optimizer.ParameterGroups) parts.Add($"lr={g.LearningRate:R} wd={g.WeightDecay:R} init={g.InitialLearningRate:R}");
        parts.Add($"steps={run.Optimizer.StepCount} schedule={run.Schedule.LastEpoch}");
        foreach (var (name, g) in run.Generators) parts.Add($"gen.{name}={Convert.ToBase64String(g.GetState())}");
        var loader = run.Loader.GetState();
        parts.Add($"loader={loader.NextBatch}:{(loader.Order is null ? "-" : string.Join(",", loader.Order))}");
        parts.Add("modes=" + string.Concat(run.Model.Modules().Select(m => m.IsTraining ? 'T' : 'E')));
        return parts;
    }

    public static TheoryData<string> Corruptions() =>
    [
        "momentum buffer of the last parameter has the wrong shape",
        "lr is not a number",
        "step_count is negative",
        "weight_decay of group 0 is missing",
        "a parameter's step is fractional",
        "the model's last weight has the wrong shape",
        "scheduler.last_epoch is not a number",
        "the dropout generator state is not base64",
        "the dropout generator state is truncated",
        "the loader order repeats an index",
        "the loader's next batch is past the epoch",
        "the loader order has the wrong length",
        "the module modes are malformed",
        "the loader's next batch is missing",
    ];

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void ACorruptCheckpoint_ChangesNothing(string corruption)
    {
        var content = SavedContent();
        byte[] bad = Rewrite(content, (t, m) =>
        {
            switch (corruption)
            {
                case "momentum buffer of the last parameter has the wrong shape":
                    var last = t.Keys.Where(k => k.EndsWith(".momentum_buffer", StringComparison.Ordinal)).OrderBy(k => k, StringComparer.Ordinal).Last();
                    t[last] = Tensor.Zeros([3, 3, 3]);
                    break;
                case "lr is not a number": m["optimizer.param_groups.0.lr"] = "abc"; break;
                case "step_count is negative": m["optimizer.step_count"] = "-5"; break;
                case "weight_decay of group 0 is missing": m.Remove("optimizer.param_groups.0.weight_decay"); break;
                case "a parameter's step is fractional": t["optimizer.state.3.step"] = Tensor.Scalar(2.5, DType.Float64); break;
                case "the model's last weight has the wrong shape": t["model.5.weight"] = Tensor.Zeros([5, 7]); break;
                case "scheduler.last_epoch is not a number": m["scheduler.last_epoch"] = "x"; break;
                case "the dropout generator state is not base64": m["generator.dropout"] = "!!!"; break;
                case "the dropout generator state is truncated": m["generator.dropout"] = m["generator.dropout"][..8]; break;
                case "the loader order repeats an index":
                    var order = t["loader.train.order"].ToArray<int>();
                    order[1] = order[0];
                    t["loader.train.order"] = Tensor.FromArray(order, [order.Length]);
                    break;
                case "the loader's next batch is past the epoch": m["loader.train.next_batch"] = "14"; break;
                case "the loader order has the wrong length": t["loader.train.order"] = Tensor.FromArray(new[] { 0, 1 }, [2]); break;
                case "the module modes are malformed": m["model.modes"] = "TTX"; break;
                case "the loader's next batch is missing": m.Remove("loader.train.next_batch"); break;
                default: throw new ArgumentException(corruption);
            }
        });

        var run = FaultScenarios.NewResumeRun();
        FaultScenarios.Train(run, 0, 7);
        var before = Snapshot(run);
        var e = Assert.ThrowsAny<Exception>(() =>
            Checkpoint.Load(new MemoryStream(bad), run.Model, run.Optimizer, run.Schedule, generators: run.Generators, loaders: run.Loaders));
        Assert.True(e is InvalidDataException or ArgumentException, $"{e.GetType().Name}: {e.Message}");
        Assert.Equal(before, Snapshot(run));
    }

    [Fact]
    public void TheUncorruptedCheckpoint_RestoresEverything()
    {
        var content = SavedContent();
        byte[] good = Rewrite(content, (_, _) => { });
        var run = FaultScenarios.NewResumeRun();
        FaultScenarios.Train(run, 0, 7);
        var before = Snapshot(run);
        Checkpoint.Load(new MemoryStream(good), run.Model, run.Optimizer, run.Schedule, generators: run.Generators, loaders: run.Loaders);
        var after = Snapshot(run);
        Assert.NotEqual(before, after); // so the corruption tests above compare against a load that would change things

        var reference = FaultScenarios.NewResumeRun();
        FaultScenarios.Train(reference, 0, 20);
        reference.Model.Eval();
        reference.Model[1].Train();
        Assert.Equal(Snapshot(reference), after);
    }
}
