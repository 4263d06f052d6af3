using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Losses;
using DeepNotes.Optimizers;
using DeepNotes.Optimizers.Schedules;

namespace DeepNotes.Tests.Optimizers;

/// <summary>Optimizers over real modules: a training loop, a frozen backbone, and a fine-tuning setup with groups and a schedule.</summary>
public class ModuleIntegrationTests
{
    private static (Tensor X, Tensor Y) Data(Generator gen)
    {
        var x = Tensor.Randn([64, 4], generator: gen);
        var y = (x.Narrow(1, 0, 1) * 2 - x.Narrow(1, 2, 1)).Abs(); // a small non-linear target
        return (x, y);
    }

    [Fact]
    public void Adam_TrainsASmallMlp()
    {
        var gen = new Generator(11);
        var model = new Sequential(new Dense(4, 16, generator: gen), new Dense(16, 1, generator: gen));
        var (x, y) = Data(gen);
        var loss = new MseLoss();
        var optimizer = new Adam(model.Parameters(), learningRate: 1e-2);
        double first = loss.Forward(model.Forward(x), y).Item();
        for (int step = 0; step < 50; step++)
        {
            optimizer.ZeroGrad();
            loss.Forward(model.Forward(x), y).Backward();
            optimizer.Step();
        }
        double last = loss.Forward(model.Forward(x), y).Item();
        Assert.True(last < first * 0.7, $"loss {first} -> {last}");
        Assert.Equal(50, optimizer.StepCount);
    }

    [Fact]
    public void FrozenBackbone_StaysUntouched_WhileTheHeadTrains()
    {
        var gen = new Generator(12);
        var backbone = new Dense(4, 8, generator: gen);
        var head = new Dense(8, 1, generator: gen);
        var model = new Sequential(backbone, head);
        var (x, y) = Data(gen);
        var optimizer = new Sgd(model.Parameters(), 0.05, momentum: 0.9);
        var loss = new MseLoss();

        loss.Forward(model.Forward(x), y).Backward(); // backbone gradients exist ...
        backbone.Freeze();                              // ... but it is frozen before the step
        var backboneBefore = backbone.Parameters().Select(p => p.ToArray<float>()).ToList();
        var headBefore = head.Parameters().Select(p => p.ToArray<float>()).ToList();
        optimizer.Step();
        Assert.Equal(backboneBefore, backbone.Parameters().Select(p => p.ToArray<float>()).ToList());
        Assert.NotEqual(headBefore, head.Parameters().Select(p => p.ToArray<float>()).ToList());
    }

    [Fact]
    public void FineTuning_WithGroupsAndWarmup_KeepsTheRatioOfRates()
    {
        var gen = new Generator(13);
        var backbone = new Dense(4, 8, generator: gen);
        var head = new Dense(8, 1, generator: gen);
        var optimizer = new AdamW(
        [
            new ParameterGroup(backbone.Parameters(), learningRate: 1e-4),
            new ParameterGroup(head.Parameters()),
        ], learningRate: 1e-3);
        var schedule = new LinearWarmup(optimizer, warmupSteps: 2, startFactor: 0.5, then: new ExponentialLR(optimizer, 0.5));
        var rates = new List<IReadOnlyList<double>> { schedule.LastLearningRates };
        for (int epoch = 0; epoch < 4; epoch++)
        {
            optimizer.Step();
            schedule.Step();
            rates.Add(schedule.LastLearningRates); // each list keeps the rates of its epoch
        }
        double[] factors = [0.5, 0.75, 1, 0.5, 0.25];
        for (int e = 0; e < factors.Length; e++)
        {
            Assert.Equal(1e-4 * factors[e], rates[e][0], 15);
            Assert.Equal(1e-3 * factors[e], rates[e][1], 15);
        }
    }
}
