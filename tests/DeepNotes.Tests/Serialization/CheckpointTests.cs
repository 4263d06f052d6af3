using DeepNotes.Layers;
using DeepNotes.Optimizers;
using DeepNotes.Optimizers.Schedules;
using DeepNotes.Serialization;
using static DeepNotes.Tests.Serialization.SerializationTestHelpers;

namespace DeepNotes.Tests.Serialization;

/// <summary>N steps + checkpoint + restore into fresh objects + M steps equals N + M uninterrupted steps, bit for bit.</summary>
public class CheckpointTests
{
    private static readonly Tensor s_x = Tensor.Randn([16, 3], DType.Float32, new Generator(11));
    private static readonly Tensor s_y = Tensor.Randn([16, 2], DType.Float32, new Generator(12));

    private static Sequential Model(ulong seed) =>
        new(new Dense(3, 8, generator: new Generator(seed)), new Tanh(), new Dense(8, 2, generator: new Generator(seed + 1)));

    private static Optimizer MakeOptimizer(string kind, Sequential model) => kind switch
    {
        "adam" => new Adam(model.Parameters(), 0.01),
        "adamw-amsgrad" => new AdamW(model.Parameters(), 0.01, amsgrad: true),
        "sgd-momentum" => new Sgd(model.Parameters(), 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-3),
        "nadam" => new NAdam(model.Parameters(), 0.01),
        "sgd-groups" => new Sgd([new ParameterGroup(model.Parameters().Take(2), learningRate: 0.1), new ParameterGroup(model.Parameters().Skip(2))], 0.02, momentum: 0.5),
        _ => throw new ArgumentException(kind),
    };

    private static LRScheduler? MakeScheduler(string kind, Optimizer optimizer) => kind switch
    {
        "none" => null,
        "step" => new StepLR(optimizer, 2, 0.5),
        "warmup-cosine" => new LinearWarmup(optimizer, 3, then: new CosineAnnealingLR(optimizer, 10)),
        _ => throw new ArgumentException(kind),
    };

    private static void Train(Sequential model, Optimizer optimizer, LRScheduler? scheduler, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            optimizer.ZeroGrad();
            var loss = Functional.MseLoss(model.Forward(s_x), s_y);
            loss.Backward();
            optimizer.Step();
            scheduler?.Step();
        }
    }

    [Theory]
    [InlineData("adam", "none")]
    [InlineData("adam", "warmup-cosine")]
    [InlineData("adamw-amsgrad", "step")]
    [InlineData("sgd-momentum", "none")]
    [InlineData("sgd-momentum", "step")]
    [InlineData("nadam", "none")]
    [InlineData("sgd-groups", "warmup-cosine")]
    public void Resume_IsBitIdenticalToUninterruptedTraining(string optimizerKind, string schedulerKind)
    {
        const int n = 5, m = 4;
        var reference = Model(1);
        var refOptimizer = MakeOptimizer(optimizerKind, reference);
        var refScheduler = MakeScheduler(schedulerKind, refOptimizer);
        Train(reference, refOptimizer, refScheduler, n + m);

        var first = Model(1);
        var firstOptimizer = MakeOptimizer(optimizerKind, first);
        var firstScheduler = MakeScheduler(schedulerKind, firstOptimizer);
        Train(first, firstOptimizer, firstScheduler, n);
        using var stream = new MemoryStream();
        Checkpoint.Save(stream, first, firstOptimizer, epoch: n, firstScheduler, new Dictionary<string, string> { ["run"] = "a" });

        stream.Position = 0;
        var resumed = Model(99); // different initial weights: everything must come from the checkpoint
        var resumedOptimizer = MakeOptimizer(optimizerKind, resumed);
        var resumedScheduler = MakeScheduler(schedulerKind, resumedOptimizer);
        var info = Checkpoint.Load(stream, resumed, resumedOptimizer, resumedScheduler);
        Assert.Equal(n, info.Epoch);
        Assert.Equal("a", info.UserMetadata["run"]);
        Assert.Equal(n, resumedOptimizer.StepCount);
        Train(resumed, resumedOptimizer, resumedScheduler, m);

        foreach (var (key, value) in reference.StateDict()) AssertSame(value, resumed.StateDict()[key]);
        Assert.Equal(refOptimizer.StepCount, resumedOptimizer.StepCount);
        for (int g = 0; g < refOptimizer.ParameterGroups.Count; g++)
            Assert.Equal(refOptimizer.ParameterGroups[g].LearningRate, resumedOptimizer.ParameterGroups[g].LearningRate);
        if (refScheduler is not null) Assert.Equal(refScheduler.LastEpoch, resumedScheduler!.LastEpoch);
    }

    [Fact]
    public void WithoutCheckpoint_AFreshOptimizerDiverges()
    {
        // Guards the test above: restoring only the weights (not the optimizer state) gives different results.
        var reference = Model(1);
        var refOptimizer = new Adam(reference.Parameters(), 0.01);
        Train(reference, refOptimizer, null, 9);
        var partial = Model(1);
        var partialOptimizer = new Adam(partial.Parameters(), 0.01);
        Train(partial, partialOptimizer, null, 5);
        var fresh = Model(99);
        fresh.LoadStateDict(partial.StateDict());
        Train(fresh, new Adam(fresh.Parameters(), 0.01), null, 4);
        Assert.NotEqual(reference.StateDict()["0.weight"].ToArray<float>(), fresh.StateDict()["0.weight"].ToArray<float>());
    }

    [Fact]
    public void TensorNames_FollowPyTorchStateKeys()
    {
        var model = Model(1);
        var optimizer = new Adam(model.Parameters(), 0.01);
        Train(model, optimizer, null, 1);
        using var stream = new MemoryStream();
        Checkpoint.Save(stream, model, optimizer, epoch: 1);
        var content = FromBytes(stream.ToArray());
        Assert.Contains("model.0.weight", content.Tensors.Keys);
        Assert.Contains("optimizer.state.3.exp_avg", content.Tensors.Keys);
        Assert.Contains("optimizer.state.3.exp_avg_sq", content.Tensors.Keys);
        Assert.Equal(1.0, content.Tensors["optimizer.state.0.step"].Item());
        Assert.Equal("Adam", content.Metadata["optimizer"]);
        Assert.Equal("0.01", content.Metadata["optimizer.param_groups.0.lr"]);
    }

    [Fact]
    public void Mismatches_AreReported()
    {
        var model = Model(1);
        var optimizer = new Adam(model.Parameters(), 0.01);
        Train(model, optimizer, null, 1);
        using var stream = new MemoryStream();
        Checkpoint.Save(stream, model, optimizer, epoch: 1);
        var bytes = stream.ToArray();

        var other = Model(2);
        var e = Assert.Throws<ArgumentException>(() => Checkpoint.Load(new MemoryStream(bytes), other, new Sgd(other.Parameters(), 0.1)));
        Assert.Contains("holds the state of an Adam, but a Sgd was given", e.Message);

        var wrongModel = new Sequential(new Dense(3, 8), new Tanh(), new Dense(8, 3));
        var e2 = Assert.Throws<ArgumentException>(() => Checkpoint.Load(new MemoryStream(bytes), wrongModel));
        Assert.Contains("'2.weight': expected shape [3, 8], got [2, 8]", e2.Message);

        var e3 = Assert.Throws<ArgumentException>(() => Checkpoint.Load(new MemoryStream(bytes), other, new Adam(other.Parameters()), new StepLR(new Adam(other.Parameters()), 1)));
        Assert.Contains("scheduler must wrap", e3.Message);

        var plain = ToBytes(model.StateDict());
        Assert.Throws<InvalidDataException>(() => Checkpoint.Load(new MemoryStream(plain), other));
    }

    [Fact]
    public void ModelOnly_AndFile()
    {
        string path = Path.GetTempFileName();
        try
        {
            var model = Model(1);
            Checkpoint.Save(path, model, null, epoch: 7);
            var other = Model(2);
            Assert.Equal(7, Checkpoint.Load(path, other).Epoch);
            AssertSame(model.StateDict()["2.bias"], other.StateDict()["2.bias"]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
