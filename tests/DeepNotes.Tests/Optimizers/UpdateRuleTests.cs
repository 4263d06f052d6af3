using DeepNotes;
using DeepNotes.Optimizers;
using static DeepNotes.Tests.Optimizers.OptimizerTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Optimizers;

/// <summary>
/// Every optimizer and option combination against an independent scalar double loop of the published rule
/// (<see cref="ScalarReference"/>), over 4 steps with changing gradients, at every vector width (the 37 elements cover
/// whole vectors and the padded tail); float32 against float64.
/// </summary>
public class UpdateRuleTests
{
    private const int N = 37, Steps = 4;

    private static readonly Dictionary<string, (Func<IEnumerable<Tensor>, Optimizer> Make, Func<double[]> Reference)> s_cases = new()
    {
        ["Sgd"] = (ps => new Sgd(ps, 0.1), () => ScalarReference.Sgd(N, Steps, 0.1)),
        ["Sgd_Momentum"] = (ps => new Sgd(ps, 0.1, momentum: 0.9), () => ScalarReference.Sgd(N, Steps, 0.1, momentum: 0.9)),
        ["Sgd_Dampening"] = (ps => new Sgd(ps, 0.05, momentum: 0.8, dampening: 0.3), () => ScalarReference.Sgd(N, Steps, 0.05, momentum: 0.8, dampening: 0.3)),
        ["Sgd_Nesterov"] = (ps => new Sgd(ps, 0.1, momentum: 0.9, nesterov: true), () => ScalarReference.Sgd(N, Steps, 0.1, momentum: 0.9, nesterov: true)),
        ["Sgd_WeightDecay"] = (ps => new Sgd(ps, 0.1, weightDecay: 0.2), () => ScalarReference.Sgd(N, Steps, 0.1, weightDecay: 0.2)),
        ["Sgd_Maximize"] = (ps => new Sgd(ps, 0.1, momentum: 0.5, maximize: true), () => ScalarReference.Sgd(N, Steps, 0.1, momentum: 0.5, maximize: true)),
        ["Sgd_All"] = (ps => new Sgd(ps, 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.1, maximize: true),
            () => ScalarReference.Sgd(N, Steps, 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.1, maximize: true)),

        ["Adam"] = (ps => new Adam(ps), () => ScalarReference.Adam(N, Steps)),
        ["Adam_LargeLr"] = (ps => new Adam(ps, 0.1, beta1: 0.8, beta2: 0.95, epsilon: 1e-3), () => ScalarReference.Adam(N, Steps, 0.1, 0.8, 0.95, 1e-3)),
        ["Adam_Amsgrad"] = (ps => new Adam(ps, 0.1, amsgrad: true), () => ScalarReference.Adam(N, Steps, 0.1, amsgrad: true)),
        ["Adam_WeightDecay"] = (ps => new Adam(ps, 0.1, weightDecay: 0.3), () => ScalarReference.Adam(N, Steps, 0.1, weightDecay: 0.3)),
        ["Adam_Maximize"] = (ps => new Adam(ps, 0.1, maximize: true, amsgrad: true), () => ScalarReference.Adam(N, Steps, 0.1, maximize: true, amsgrad: true)),
        ["AdamW"] = (ps => new AdamW(ps, 0.1), () => ScalarReference.Adam(N, Steps, 0.1, weightDecay: 0.01, decoupled: true)),
        ["AdamW_Amsgrad"] = (ps => new AdamW(ps, 0.1, weightDecay: 0.5, amsgrad: true),
            () => ScalarReference.Adam(N, Steps, 0.1, weightDecay: 0.5, amsgrad: true, decoupled: true)),
        ["AdamW_Maximize"] = (ps => new AdamW(ps, 0.1, maximize: true), () => ScalarReference.Adam(N, Steps, 0.1, weightDecay: 0.01, maximize: true, decoupled: true)),

        ["AdaGrad"] = (ps => new AdaGrad(ps), () => ScalarReference.AdaGrad(N, Steps)),
        ["AdaGrad_Options"] = (ps => new AdaGrad(ps, 0.1, learningRateDecay: 0.05, weightDecay: 0.1, initialAccumulatorValue: 0.2, epsilon: 1e-6, maximize: true),
            () => ScalarReference.AdaGrad(N, Steps, 0.1, 0.05, 0.1, 0.2, 1e-6, maximize: true)),

        ["RmsProp"] = (ps => new RmsProp(ps), () => ScalarReference.RmsProp(N, Steps)),
        ["RmsProp_Centered"] = (ps => new RmsProp(ps, 0.01, alpha: 0.9, centered: true), () => ScalarReference.RmsProp(N, Steps, 0.01, 0.9, centered: true)),
        ["RmsProp_Momentum"] = (ps => new RmsProp(ps, 0.01, momentum: 0.9), () => ScalarReference.RmsProp(N, Steps, 0.01, momentum: 0.9)),
        ["RmsProp_All"] = (ps => new RmsProp(ps, 0.02, alpha: 0.8, epsilon: 1e-4, weightDecay: 0.1, momentum: 0.5, centered: true, maximize: true),
            () => ScalarReference.RmsProp(N, Steps, 0.02, 0.8, 1e-4, 0.1, 0.5, centered: true, maximize: true)),

        ["Adadelta"] = (ps => new Adadelta(ps), () => ScalarReference.Adadelta(N, Steps)),
        ["Adadelta_Options"] = (ps => new Adadelta(ps, 0.5, rho: 0.8, epsilon: 1e-4, weightDecay: 0.1, maximize: true),
            () => ScalarReference.Adadelta(N, Steps, 0.5, 0.8, 1e-4, 0.1, maximize: true)),

        ["Adamax"] = (ps => new Adamax(ps), () => ScalarReference.Adamax(N, Steps)),
        ["Adamax_Options"] = (ps => new Adamax(ps, 0.1, beta1: 0.8, beta2: 0.95, weightDecay: 0.1, maximize: true),
            () => ScalarReference.Adamax(N, Steps, 0.1, 0.8, 0.95, weightDecay: 0.1, maximize: true)),

        ["NAdam"] = (ps => new NAdam(ps), () => ScalarReference.NAdam(N, Steps)),
        ["NAdam_Options"] = (ps => new NAdam(ps, 0.1, beta1: 0.85, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.1, momentumDecay: 0.05, maximize: true),
            () => ScalarReference.NAdam(N, Steps, 0.1, 0.85, 0.99, 1e-6, 0.1, 0.05, maximize: true)),
    };

    public static TheoryData<string> Cases => new(s_cases.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float64_MatchesScalarLoop_AtEveryVectorWidth(string name)
    {
        var (make, reference) = s_cases[name];
        double[] expected = reference();
        double[] start = InitialValues(N);
        Assert.Contains(expected.Select((v, i) => Math.Abs(v - start[i])), d => d > 1e-4); // the rule moved the parameters

        double[]? previous = null;
        foreach (int bits in new[] { 128, 256, 512 })
        {
            double[] actual = Run(make, N, Steps, DType.Float64, bits);
            AssertClose(expected, actual, 1e-13, 1e-12, what: $"{name} at {bits} bits");
            if (previous is not null) Assert.Equal(previous, actual); // same lane arithmetic at every width, bit for bit
            previous = actual;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float32_FastPath_MatchesFloat64(string name)
    {
        var make = s_cases[name].Make;
        double[] expected = Run(make, N, Steps, DType.Float64);
        double[] actual = Run(make, N, Steps, DType.Float32);
        AssertClose(expected, actual, 2e-6, 2e-5, what: $"{name} float32");
    }
}
