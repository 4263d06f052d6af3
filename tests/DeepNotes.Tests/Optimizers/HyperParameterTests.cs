using DeepNotes;
using DeepNotes.Optimizers;
using static DeepNotes.Tests.Optimizers.OptimizerTestHelpers;

namespace DeepNotes.Tests.Optimizers;

/// <summary>Out-of-range hyper-parameters throw ArgumentOutOfRangeException naming the parameter and the value.</summary>
public class HyperParameterTests
{
    private static Tensor[] P() => [Parameter([1.0])];

    public static TheoryData<string, string, double> OutOfRange => new()
    {
        { "Sgd(lr)", "learningRate", -0.1 },
        { "Sgd(momentum)", "momentum", -0.5 },
        { "Sgd(weightDecay)", "weightDecay", -1 },
        { "Sgd(dampening NaN)", "dampening", double.NaN },
        { "Adam(lr)", "learningRate", -1e-3 },
        { "Adam(lr NaN)", "learningRate", double.NaN },
        { "Adam(beta1)", "beta1", 1.0 },
        { "Adam(beta2)", "beta2", -0.1 },
        { "Adam(eps)", "epsilon", -1e-8 },
        { "AdamW(weightDecay)", "weightDecay", -0.01 },
        { "AdaGrad(lrDecay)", "learningRateDecay", -1 },
        { "AdaGrad(initial)", "initialAccumulatorValue", -0.1 },
        { "AdaGrad(eps)", "epsilon", -1 },
        { "RmsProp(alpha)", "alpha", 1.5 },
        { "RmsProp(momentum)", "momentum", -0.9 },
        { "RmsProp(eps)", "epsilon", -1 },
        { "Adadelta(rho)", "rho", 1.1 },
        { "Adadelta(eps)", "epsilon", -1e-6 },
        { "Adamax(beta1)", "beta1", 1.5 },
        { "Adamax(beta2)", "beta2", 1.0 },
        { "NAdam(momentumDecay)", "momentumDecay", -4e-3 },
        { "NAdam(beta2)", "beta2", 1.0 },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void OutOfRangeValue_Throws_NamingIt(string which, string parameter, double value)
    {
        Action create = which switch
        {
            "Sgd(lr)" => () => new Sgd(P(), value),
            "Sgd(momentum)" => () => new Sgd(P(), 0.1, momentum: value),
            "Sgd(weightDecay)" => () => new Sgd(P(), 0.1, weightDecay: value),
            "Sgd(dampening NaN)" => () => new Sgd(P(), 0.1, momentum: 0.9, dampening: value),
            "Adam(lr)" or "Adam(lr NaN)" => () => new Adam(P(), value),
            "Adam(beta1)" => () => new Adam(P(), beta1: value),
            "Adam(beta2)" => () => new Adam(P(), beta2: value),
            "Adam(eps)" => () => new Adam(P(), epsilon: value),
            "AdamW(weightDecay)" => () => new AdamW(P(), weightDecay: value),
            "AdaGrad(lrDecay)" => () => new AdaGrad(P(), learningRateDecay: value),
            "AdaGrad(initial)" => () => new AdaGrad(P(), initialAccumulatorValue: value),
            "AdaGrad(eps)" => () => new AdaGrad(P(), epsilon: value),
            "RmsProp(alpha)" => () => new RmsProp(P(), alpha: value),
            "RmsProp(momentum)" => () => new RmsProp(P(), momentum: value),
            "RmsProp(eps)" => () => new RmsProp(P(), epsilon: value),
            "Adadelta(rho)" => () => new Adadelta(P(), rho: value),
            "Adadelta(eps)" => () => new Adadelta(P(), epsilon: value),
            "Adamax(beta1)" => () => new Adamax(P(), beta1: value),
            "Adamax(beta2)" => () => new Adamax(P(), beta2: value),
            "NAdam(momentumDecay)" => () => new NAdam(P(), momentumDecay: value),
            "NAdam(beta2)" => () => new NAdam(P(), beta2: value),
            _ => throw new ArgumentException(which),
        };
        var e = Assert.Throws<ArgumentOutOfRangeException>(create);
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains($"got {value}", e.Message);
    }

    [Fact]
    public void Nesterov_RequiresMomentumAndNoDampening()
    {
        var e = Assert.Throws<ArgumentException>(() => new Sgd(P(), 0.1, nesterov: true));
        Assert.Equal("nesterov", e.ParamName);
        Assert.Contains("momentum > 0 and zero dampening", e.Message);
        Assert.Throws<ArgumentException>(() => new Sgd(P(), 0.1, momentum: 0.9, dampening: 0.1, nesterov: true));
        _ = new Sgd(P(), 0.1, momentum: 0.9, nesterov: true); // valid
    }

    [Fact]
    public void LearningRateAndGroupOverrides_AreValidated()
    {
        var optimizer = new Adam(P());
        Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.LearningRate = -1).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.ParameterGroups[0].LearningRate = double.NaN);
        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.ParameterGroups[0].WeightDecay = -1);
        Assert.Equal("learningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new ParameterGroup(P(), learningRate: -1)).ParamName);
        Assert.Equal("weightDecay", Assert.Throws<ArgumentOutOfRangeException>(() => new ParameterGroup(P(), weightDecay: -1)).ParamName);
    }

    [Fact]
    public void Defaults_MatchPyTorch()
    {
        var adam = new Adam(P());
        Assert.Equal((1e-3, 0.9, 0.999, 1e-8, 0.0), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.ParameterGroups[0].WeightDecay));
        var adamW = new AdamW(P());
        Assert.Equal((1e-3, 0.01, true), (adamW.LearningRate, adamW.ParameterGroups[0].WeightDecay, adamW.DecoupledWeightDecay));
        var adaGrad = new AdaGrad(P());
        Assert.Equal((0.01, 0.0, 0.0, 1e-10), (adaGrad.LearningRate, adaGrad.LearningRateDecay, adaGrad.InitialAccumulatorValue, adaGrad.Epsilon));
        var rms = new RmsProp(P());
        Assert.Equal((0.01, 0.99, 1e-8, 0.0, false), (rms.LearningRate, rms.Alpha, rms.Epsilon, rms.Momentum, rms.Centered));
        var adadelta = new Adadelta(P());
        Assert.Equal((1.0, 0.9, 1e-6), (adadelta.LearningRate, adadelta.Rho, adadelta.Epsilon));
        var adamax = new Adamax(P());
        Assert.Equal((2e-3, 0.9, 0.999, 1e-8), (adamax.LearningRate, adamax.Beta1, adamax.Beta2, adamax.Epsilon));
        var nadam = new NAdam(P());
        Assert.Equal((2e-3, 0.9, 0.999, 1e-8, 4e-3), (nadam.LearningRate, nadam.Beta1, nadam.Beta2, nadam.Epsilon, nadam.MomentumDecay));
    }
}
