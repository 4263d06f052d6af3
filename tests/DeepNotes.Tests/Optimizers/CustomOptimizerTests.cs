using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Losses;
using DeepNotes.Optimizers;
using DeepNotes.Optimizers.Schedules;
using DeepNotes.Serialization;

namespace DeepNotes.Tests.Optimizers;

/// <summary>
/// A user-written optimizer on the public <see cref="CustomOptimizer"/> extension point: sign-SGD with momentum, a named
/// per-parameter tensor (<c>momentum_buffer</c>), a named scalar (<c>updates</c>) and a named hyper-parameter
/// (<c>momentum</c>). Written with public API only, as docs/optimizers.md shows.
/// </summary>
public sealed class SignSgd : CustomOptimizer
{
    public SignSgd(IEnumerable<Tensor> parameters, double learningRate, double momentum = 0.9)
        : base(parameters, learningRate, defaults: new Dictionary<string, double> { ["momentum"] = momentum })
    {
    }

    public SignSgd(IEnumerable<ParameterGroup> groups, double learningRate, double momentum = 0.9)
        : base(groups, learningRate, defaults: new Dictionary<string, double> { ["momentum"] = momentum })
    {
    }

    protected override void ValidateHyperParameter(string name, double value)
    {
        if (!(value >= 0 && value < 1)) throw new ArgumentOutOfRangeException(nameof(value), value, $"SignSgd: {name} must be in [0, 1), got {value}.");
    }

    protected override void Update(Tensor parameter, Tensor gradient, ParameterState state, ParameterGroup group)
    {
        var buffer = state.GetOrCreate("momentum_buffer", like: parameter);
        buffer.MultiplyInPlace(group["momentum"]).AddInPlace(gradient);
        parameter.AddInPlace(buffer.Sign(), alpha: -group.LearningRate);
        state.SetScalar("updates", state.GetScalar("updates") + 1);
    }
}

public class CustomOptimizerTests
{
    private static (Sequential Model, Tensor X, Tensor Y) Problem(ulong seed)
    {
        var gen = new Generator(seed);
        var model = new Sequential(new Dense(4, 8, generator: gen), new Dense(8, 1, generator: gen));
        var x = Tensor.Randn([32, 4], generator: new Generator(99));
        var y = x.Narrow(1, 0, 1) * 2 - x.Narrow(1, 2, 1);
        return (model, x, y);
    }

    private static double TrainStep(Sequential model, Optimizer optimizer, Tensor x, Tensor y)
    {
        optimizer.ZeroGrad();
        var loss = new MseLoss().Forward(model.Forward(x), y);
        loss.Backward();
        optimizer.Step();
        return loss.Item();
    }

    [Fact]
    public void SignSgd_TrainsASmallModel()
    {
        var (model, x, y) = Problem(1);
        var optimizer = new SignSgd(model.Parameters(), learningRate: 0.01);
        double first = TrainStep(model, optimizer, x, y), last = first;
        for (int i = 0; i < 60; i++) last = TrainStep(model, optimizer, x, y);
        Assert.True(last < first * 0.5, $"loss {first} -> {last}");
    }

    [Fact]
    public void Update_MatchesTheHandWrittenRule_AndNamesTheState()
    {
        var p = OptimizerTestHelpers.Parameter([0.5, -1, 2]);
        var optimizer = new SignSgd([p], learningRate: 0.1, momentum: 0.5);
        Assert.Empty(optimizer.GetState(p));
        p.Grad = Tensor.FromArray(new[] { 1.0, -2, 0 });
        optimizer.Step();
        p.Grad = Tensor.FromArray(new[] { -3.0, 1, 0.5 });
        optimizer.Step();
        // buffer: [1, -2, 0] then [0.5 - 3, -1 + 1, 0.25] = [-2.5, 0, 0.5]; p: -0.1·sign each step.
        Assert.Equal(new[] { 0.5 - 0.1 + 0.1, -1 + 0.1 - 0, 2 - 0 - 0.1 }, p.ToArray<double>());
        var state = optimizer.GetState(p);
        Assert.Equal(["step", "momentum_buffer", "updates"], state.Keys.ToArray());
        Assert.Equal(2, state["step"].Item());
        Assert.Equal(2, state["updates"].Item());
        Assert.Equal(DType.Float64, state["updates"].DType);
        Assert.Equal(new[] { -2.5, 0, 0.5 }, state["momentum_buffer"].ToArray<double>());
        Assert.Contains("momentum=0.5", optimizer.ToString());
    }

    [Fact]
    public void Groups_OverrideNamedHyperParameters_AndUnknownNamesAreRejected()
    {
        var a = OptimizerTestHelpers.Parameter([1.0]);
        var b = OptimizerTestHelpers.Parameter([1.0]);
        var optimizer = new SignSgd(
        [
            new ParameterGroup([a]),
            new ParameterGroup([b], learningRate: 0.5, options: new Dictionary<string, double> { ["momentum"] = 0 }),
        ], learningRate: 0.1, momentum: 0.9);
        Assert.Equal(0.9, optimizer.ParameterGroups[0]["momentum"]);
        Assert.Equal(0.0, optimizer.ParameterGroups[1]["momentum"]);
        Assert.Equal(0.5, optimizer.ParameterGroups[1]["lr"]);
        Assert.Equal(0.9, optimizer.Defaults["momentum"]);

        // Momentum 0.9 vs 0: gradients +1 then −0.5 → group 0's buffer stays positive, group 1's follows the gradient.
        a.Grad = Tensor.FromArray(new[] { 1.0 }); b.Grad = Tensor.FromArray(new[] { 1.0 });
        optimizer.Step();
        a.Grad = Tensor.FromArray(new[] { -0.5 }); b.Grad = Tensor.FromArray(new[] { -0.5 });
        optimizer.Step();
        Assert.Equal(1 - 0.1 - 0.1, a.Item(), 15);
        Assert.Equal(1 - 0.5 + 0.5, b.Item(), 15);

        var e = Assert.Throws<ArgumentException>(() => optimizer.ParameterGroups[0]["momentun"] = 0.5);
        Assert.Contains("momentun", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.ParameterGroups[0]["momentum"] = 1.5);
        Assert.Equal(0.9, optimizer.ParameterGroups[0]["momentum"]);
        Assert.Throws<KeyNotFoundException>(() => optimizer.ParameterGroups[0]["beta"]);
        var unknown = Assert.Throws<ArgumentException>(() => new SignSgd(
            [new ParameterGroup([OptimizerTestHelpers.Parameter([1.0])], options: new Dictionary<string, double> { ["beta"] = 0.5 })], 0.1));
        Assert.Contains("'beta'", unknown.Message);
        var builtIn = Assert.Throws<ArgumentException>(() => new Adam(
            [new ParameterGroup([OptimizerTestHelpers.Parameter([1.0])], options: new Dictionary<string, double> { ["momentum"] = 0.5 })]));
        Assert.Contains("momentum", builtIn.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SignSgd([OptimizerTestHelpers.Parameter([1.0])], 0.1, momentum: 2));
    }

    [Fact]
    public void State_RejectsTheReservedName_AndAShapeMismatch()
    {
        var p = OptimizerTestHelpers.Parameter([1.0, 2]);
        var optimizer = new ProbeOptimizer([p], state =>
        {
            Assert.Throws<ArgumentException>(() => state.GetOrCreate("step", like: p));
            var ones = state.GetOrCreate("acc", like: p, fill: 1);
            Assert.Equal(new[] { 1.0, 1 }, ones.ToArray<double>());
            Assert.Same(ones, state.GetOrCreate("acc", like: p));
            Assert.Throws<InvalidOperationException>(() => state.GetOrCreate("acc", like: Tensor.Zeros([3], DType.Float64)));
            Assert.Throws<InvalidOperationException>(() => state.GetScalar("acc"));
            Assert.True(state.TryGet("acc", out _));
            Assert.False(state.TryGet("other", out _));
        });
        p.Grad = Tensor.Zeros([2], DType.Float64);
        optimizer.Step();
        Assert.Equal(1, optimizer.Calls);
    }

    [Fact]
    public void Checkpoint_RoundTrip_ContinuesTrainingBitwise()
    {
        var (model, x, y) = Problem(2);
        var optimizer = new SignSgd(model.Parameters(), learningRate: 0.01);
        var scheduler = new StepLR(optimizer, stepSize: 2, gamma: 0.5);
        for (int i = 0; i < 3; i++) { TrainStep(model, optimizer, x, y); scheduler.Step(); }

        using var stream = new MemoryStream();
        Checkpoint.Save(stream, model, optimizer, epoch: 3, scheduler: scheduler);
        stream.Position = 0;
        var (restoredModel, _, _) = Problem(3); // other initial weights: all come from the checkpoint
        var restored = new SignSgd(restoredModel.Parameters(), learningRate: 0.01);
        var restoredScheduler = new StepLR(restored, stepSize: 2, gamma: 0.5);
        Checkpoint.Load(stream, restoredModel, restored, restoredScheduler);

        Assert.Equal(optimizer.LearningRate, restored.LearningRate);
        var saved = optimizer.GetState(model.Parameters().First());
        var loaded = restored.GetState(restoredModel.Parameters().First());
        Assert.Equal(saved.Keys.Order(), loaded.Keys.Order()); // the file keeps no insertion order
        Assert.Equal(saved["momentum_buffer"].ToArray<float>(), loaded["momentum_buffer"].ToArray<float>());
        Assert.Equal(3, loaded["updates"].Item());

        for (int i = 0; i < 4; i++)
        {
            TrainStep(model, optimizer, x, y); scheduler.Step();
            TrainStep(restoredModel, restored, x, y); restoredScheduler.Step();
        }
        var expected = model.Parameters().Select(p => p.ToArray<float>()).ToList();
        var actual = restoredModel.Parameters().Select(p => p.ToArray<float>()).ToList();
        Assert.Equal(expected, actual);
        Assert.Equal(5, restored.GetState(restoredModel.Parameters().First())["step"].Item() - 2);
    }

    [Fact]
    public void SetState_RestoresNamedEntries_AndRejectsBadOnes()
    {
        var p = OptimizerTestHelpers.Parameter([1.0, -1.0]);
        var optimizer = new SignSgd([p], learningRate: 0.5, momentum: 0.5);
        optimizer.SetState(p, new Dictionary<string, Tensor>
        {
            ["step"] = Tensor.Scalar(4, DType.Float64),
            ["momentum_buffer"] = Tensor.FromArray(new[] { -3.0, 2.0 }),
            ["updates"] = Tensor.Scalar(4, DType.Float64),
        });
        p.Grad = Tensor.FromArray(new[] { 1.0, 1.0 });
        optimizer.Step(); // buffer [−0.5, 2] → p − 0.5·[−1, 1]
        Assert.Equal(new[] { 1.5, -1.5 }, p.ToArray<double>());
        var state = optimizer.GetState(p);
        Assert.Equal(5, state["step"].Item());
        Assert.Equal(5, state["updates"].Item());

        Assert.Contains("'step'", Assert.Throws<ArgumentException>(() => optimizer.SetState(p,
            new Dictionary<string, Tensor> { ["momentum_buffer"] = Tensor.Zeros([2], DType.Float64) })).Message);
        Assert.Throws<ArgumentException>(() => optimizer.SetState(p, new Dictionary<string, Tensor>
            { ["step"] = Tensor.Scalar(1, DType.Float64), ["updates"] = Tensor.FromArray(new[] { 1, 2 }) }));
        Assert.Throws<ArgumentException>(() => optimizer.SetState(p, new Dictionary<string, Tensor> { ["step"] = Tensor.Scalar(-1, DType.Float64) }));
        Assert.Equal(5, optimizer.GetState(p)["step"].Item()); // unchanged by the failed calls
        optimizer.SetState(p, new Dictionary<string, Tensor>());
        Assert.Empty(optimizer.GetState(p));
    }

    [Fact]
    public void Scheduler_SetsTheLearningRateTheUpdateUses()
    {
        var p = OptimizerTestHelpers.Parameter([0.0]);
        var optimizer = new SignSgd([p], learningRate: 1, momentum: 0);
        var scheduler = new StepLR(optimizer, stepSize: 1, gamma: 0.5);
        var positions = new List<double>();
        for (int i = 0; i < 3; i++)
        {
            p.Grad = Tensor.FromArray(new[] { -1.0 });
            optimizer.Step();
            scheduler.Step();
            positions.Add(p.Item());
        }
        Assert.Equal(new[] { 1.0, 1.5, 1.75 }, positions);
        Assert.Equal(0.125, optimizer.LearningRate);
    }

    [Fact]
    public void NonContiguousParameter_IsUpdatedInPlace()
    {
        var p = Tensor.FromArray(new[] { 1.0, 2, 3, 4, 5, 6 }, [2, 3]).Transpose(0, 1).Detach();
        Assert.False(p.IsContiguous);
        p.RequiresGrad = true;
        var optimizer = new SignSgd([p], learningRate: 0.5, momentum: 0);
        p.Grad = Tensor.Ones([3, 2], DType.Float64);
        optimizer.Step();
        Assert.Equal(new[] { 0.5, 3.5, 1.5, 4.5, 2.5, 5.5 }, p.ToArray<double>());
    }

    private sealed class ProbeOptimizer(IEnumerable<Tensor> parameters, Action<ParameterState> probe) : CustomOptimizer(parameters, 0.1)
    {
        public int Calls { get; private set; }

        protected override void Update(Tensor parameter, Tensor gradient, ParameterState state, ParameterGroup group)
        {
            Calls++;
            probe(state);
        }
    }
}
