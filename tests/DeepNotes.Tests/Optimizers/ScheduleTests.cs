using DeepNotes;
using DeepNotes.Optimizers;
using DeepNotes.Optimizers.Schedules;
using static DeepNotes.Tests.Optimizers.OptimizerTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Optimizers;

/// <summary>
/// Learning-rate sequences (epochs 0..n, base 0.5) against PyTorch 1.13's schedulers — values printed by
/// reference/optimizer_reference.py — and against hand-computed values.
/// </summary>
public class ScheduleTests
{
    private static Sgd Optimizer(double lr = 0.5) => new([Parameter([0.0])], lr);

    private static double[] Sequence(LRScheduler schedule, int steps)
    {
        var rates = new List<double> { schedule.Optimizer.LearningRate };
        for (int e = 0; e < steps; e++)
        {
            schedule.Optimizer.Step();
            schedule.Step();
            Assert.Equal(schedule.Optimizer.LearningRate, schedule.LastLearningRate);
            Assert.Equal(e + 1, schedule.LastEpoch);
            rates.Add(schedule.Optimizer.LearningRate);
        }
        return [.. rates];
    }

    private static double[] Sequence(ReduceLROnPlateau plateau, double[] metrics)
    {
        var rates = new List<double> { plateau.Optimizer.LearningRate };
        foreach (double m in metrics)
        {
            plateau.Step(m);
            Assert.Equal(plateau.Optimizer.LearningRate, plateau.LastLearningRate);
            rates.Add(plateau.Optimizer.LearningRate);
        }
        return [.. rates];
    }

    [Fact]
    public void StepLR_MatchesPyTorch() =>
        AssertClose([0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125, 0.0625, 0.0625],
            Sequence(new StepLR(Optimizer(), 3, 0.5), 10), 1e-15);

    [Fact]
    public void ExponentialLR_MatchesPyTorch() =>
        AssertClose([0.5, 0.45, 0.405, 0.36450000000000005, 0.32805000000000006, 0.2952450000000001, 0.2657205000000001],
            Sequence(new ExponentialLR(Optimizer(), 0.9), 6), 1e-15);

    [Fact]
    public void CosineAnnealingLR_MatchesPyTorch_IncludingPastTMax() =>
        AssertClose([0.5, 0.45702882373436315, 0.34452882373436317, 0.20547117626563682, 0.09297117626563685, 0.05,
                0.09297117626563683, 0.20547117626563693, 0.3445288237343634, 0.45702882373436354, 0.5000000000000004,
                0.4570288237343637, 0.3445288237343635],
            Sequence(new CosineAnnealingLR(Optimizer(), 5, 0.05), 12), 1e-14);

    [Fact]
    public void LinearWarmup_MatchesPyTorchLinearLR()
    {
        var warmup = new LinearWarmup(Optimizer(), 4, startFactor: 0.25);
        Assert.Equal(0.125, warmup.Optimizer.LearningRate); // applied at construction, before the first epoch
        AssertClose([0.125, 0.21875, 0.3125, 0.40625, 0.5, 0.5, 0.5], Sequence(warmup, 6), 1e-15);
    }

    [Fact]
    public void LinearWarmup_ChainedIntoCosine_MatchesPyTorchSequentialLR()
    {
        var optimizer = Optimizer();
        var cosine = new CosineAnnealingLR(optimizer, 6);
        var warmup = new LinearWarmup(optimizer, 4, startFactor: 0.25, then: cosine);
        AssertClose([0.125, 0.21875, 0.3125, 0.40625, 0.5, 0.4665063509461097, 0.375, 0.25, 0.12500000000000006,
                0.03349364905389032, 0.0, 0.03349364905389032, 0.125],
            Sequence(warmup, 12), 1e-15);
        Assert.Equal(8, cosine.LastEpoch); // driven by the warm-up: epoch 12 − 4
        Assert.Equal(0.125, cosine.LastLearningRate, 15);
    }

    [Fact]
    public void InverseTimeLR_HandComputed()
    {
        // 0.5 / (1 + 0.5·e/2)
        AssertClose([0.5, 0.4, 1.0 / 3, 0.5 / 1.75, 0.25, 0.5 / 2.25], Sequence(new InverseTimeLR(Optimizer(), 0.5, decaySteps: 2), 5), 1e-15);
        // 0.5 / (1 + 0.5·⌊e/2⌋)
        AssertClose([0.5, 0.5, 1.0 / 3, 1.0 / 3, 0.25, 0.25], Sequence(new InverseTimeLR(Optimizer(), 0.5, 2, staircase: true), 5), 1e-15);
        // classic α₀/(1 + k·t)
        AssertClose([0.5, 0.25, 0.5 / 3], Sequence(new InverseTimeLR(Optimizer(), 1.0), 2), 1e-15);
    }

    [Fact]
    public void ReduceLROnPlateau_Min_PatienceCooldownMinLr_MatchesPyTorch()
    {
        double[] metrics = [1.0, 0.9, 0.95, 0.91, 0.92, 0.93, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6];
        var plateau = new ReduceLROnPlateau(Optimizer(), PlateauMode.Min, factor: 0.5, patience: 2, cooldown: 1, minLearningRate: 0.1);
        AssertClose([0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125, 0.125, 0.1],
            Sequence(plateau, metrics), 1e-15);
        Assert.Equal(0.5, plateau.Best);
    }

    [Fact]
    public void ReduceLROnPlateau_MaxAbsolute_MatchesPyTorch()
    {
        double[] metrics = [0.5, 0.6, 0.6001, 0.6, 0.7, 0.7, 0.7, 0.7, 0.75];
        var plateau = new ReduceLROnPlateau(Optimizer(), PlateauMode.Max, factor: 0.1, patience: 1, threshold: 0.01,
            thresholdMode: ThresholdMode.Absolute);
        AssertClose([0.5, 0.5, 0.5, 0.5, 0.05, 0.05, 0.05, 0.005000000000000001, 0.005000000000000001, 0.005000000000000001],
            Sequence(plateau, metrics), 1e-15);
    }

    [Fact]
    public void ReduceLROnPlateau_CountersByHand()
    {
        var plateau = new ReduceLROnPlateau(Optimizer(1), patience: 1, cooldown: 2);
        plateau.Step(1.0);
        Assert.Equal((1.0, 0, 0), (plateau.Best, plateau.BadEpochs, plateau.CooldownCounter));
        plateau.Step(1.0); // not better by 1e-4 relative
        Assert.Equal(1, plateau.BadEpochs);
        plateau.Step(double.NaN); // never an improvement: 2 bad epochs > patience 1 → reduce
        Assert.Equal((0.1, 0, 2), (plateau.LastLearningRate, plateau.BadEpochs, plateau.CooldownCounter));
        plateau.Step(2.0);
        plateau.Step(2.0); // cooldown swallows the bad epochs
        Assert.Equal((0.1, 0, 0), (plateau.LastLearningRate, plateau.BadEpochs, plateau.CooldownCounter));
        plateau.Step(2.0);
        plateau.Step(2.0);
        Assert.Equal(0.01, plateau.LastLearningRate, 15);
        Assert.Equal(7, plateau.LastEpoch);
    }

    [Fact]
    public void Schedules_ScaleEachGroupFromItsOwnBase()
    {
        var optimizer = new Sgd([new ParameterGroup([Parameter([0.0])], learningRate: 0.01), new ParameterGroup([Parameter([0.0])])], 0.1);
        var schedule = new StepLR(optimizer, 1, 0.5);
        schedule.Step();
        schedule.Step();
        Assert.Equal([0.0025, 0.025], schedule.LastLearningRates);
        Assert.Equal([0.01, 0.1], schedule.BaseLearningRates);
        Assert.Equal(0.01, optimizer.ParameterGroups[0].InitialLearningRate);

        // A second schedule keeps the recorded base (PyTorch's initial_lr), not the decayed rate.
        var again = new ExponentialLR(optimizer, 0.1);
        Assert.Equal([0.01, 0.1], again.BaseLearningRates);
        again.Step();
        AssertClose([0.001, 0.01], [.. again.LastLearningRates], 1e-17);
    }

    [Fact]
    public void ReduceLROnPlateau_ReducesEveryGroup_DownToTheFloor()
    {
        var optimizer = new Sgd([new ParameterGroup([Parameter([0.0])], learningRate: 0.01), new ParameterGroup([Parameter([0.0])])], 0.1);
        var plateau = new ReduceLROnPlateau(optimizer, patience: 0, minLearningRate: 0.005);
        plateau.Step(1);
        plateau.Step(1);
        Assert.Equal([0.005, 0.01], plateau.LastLearningRates.Select(v => Math.Round(v, 15)));
    }

    private sealed class HalvingEveryEpoch(Optimizer optimizer) : LRScheduler(optimizer)
    {
        protected internal override double GetLearningRate(double baseLearningRate, int epoch) => baseLearningRate / (1 << epoch);
    }

    [Fact]
    public void CustomSchedule_ImplementsTheClosedForm()
    {
        var schedule = new HalvingEveryEpoch(Optimizer(0.8));
        Assert.Equal([0.8, 0.4, 0.2, 0.1], Sequence(schedule, 3));
    }

    [Fact]
    public void BadArguments_Throw()
    {
        var o = Optimizer();
        Assert.Equal("stepSize", Assert.Throws<ArgumentOutOfRangeException>(() => new StepLR(o, 0)).ParamName);
        Assert.Equal("gamma", Assert.Throws<ArgumentOutOfRangeException>(() => new StepLR(o, 1, -0.5)).ParamName);
        Assert.Equal("gamma", Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialLR(o, double.NaN)).ParamName);
        Assert.Equal("tMax", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingLR(o, 0)).ParamName);
        Assert.Equal("minLearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingLR(o, 5, -1)).ParamName);
        Assert.Equal("decaySteps", Assert.Throws<ArgumentOutOfRangeException>(() => new InverseTimeLR(o, 0.5, 0)).ParamName);
        Assert.Equal("decayRate", Assert.Throws<ArgumentOutOfRangeException>(() => new InverseTimeLR(o, -0.5)).ParamName);
        Assert.Equal("startFactor", Assert.Throws<ArgumentOutOfRangeException>(() => new LinearWarmup(o, 3, 0)).ParamName);
        Assert.Equal("startFactor", Assert.Throws<ArgumentOutOfRangeException>(() => new LinearWarmup(o, 3, 1.5)).ParamName);
        Assert.Equal("warmupSteps", Assert.Throws<ArgumentOutOfRangeException>(() => new LinearWarmup(o, 0)).ParamName);
        Assert.Contains("same optimizer", Assert.Throws<ArgumentException>(() => new LinearWarmup(o, 3, then: new StepLR(Optimizer(), 2))).Message);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(o, factor: 1.0));
        Assert.Equal("factor", e.ParamName);
        Assert.Contains("[0, 1), got 1", e.Message);
        Assert.Equal("patience", Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(o, patience: -1)).ParamName);
        Assert.Equal("cooldown", Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(o, cooldown: -1)).ParamName);
        Assert.Equal("threshold", Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(o, threshold: -1)).ParamName);
        Assert.Equal("minLearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(o, minLearningRate: -1)).ParamName);
    }
}
