using DeepNotes;
using DeepNotes.Optimizers;
using static DeepNotes.Tests.Optimizers.OptimizerTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Optimizers;

/// <summary>
/// Parameters after 4 steps against values printed by reference/optimizer_reference.py with Debian's PyTorch 1.13
/// (float64, 5 elements, the same inputs as <see cref="OptimizerTestHelpers"/>).
/// </summary>
public class TorchReferenceTests
{
    private const int N = 5, Steps = 4;

    // Pasted from: /usr/bin/python3 tests/DeepNotes.Tests/Optimizers/reference/optimizer_reference.py
    private static readonly Dictionary<string, double[]> s_torch = new()
    {
        ["Sgd_Plain"] = [-0.925, -0.30000000000000004, 0.04999999999999998, 0.4, 0.7499999999999999],
        ["Sgd_Momentum"] = [-1.20184, -0.48526500000000006, 0.15678499999999998, 0.37561000000000005, 0.817185],
        ["Sgd_MomentumDampening"] = [-0.930615, -0.51379, 0.33863499999999996, 0.5065850000000001, 0.78591],
        ["Sgd_NesterovWeightDecayMaximize"] = [0.2509089994658751, 0.02688584381625006, 0.17213461374412506, 0.6528830805945, 0.9513599249448749],
        ["Adam_Default"] = [-0.9445029211378485, -0.42704176076240674, 0.22599936970457607, 0.5135279946957398, 0.8062444067734561],
        ["Adam_AmsgradWeightDecay"] = [-0.932886683775854, -0.4143999542760874, 0.2205213437443024, 0.49323158163930575, 0.7781200362509644],
        ["Adam_MaximizeBetas"] = [-0.46448685574055343, -0.16712257961674137, 0.0840890337389673, 0.4971845683923184, 0.9108606449811515],
        ["AdamW_Default"] = [-0.9414862476600431, -0.4256627480008257, 0.22512025501383343, 0.511321045652679, 0.8029304163444122],
        ["AdamW_AmsgradDecay"] = [-0.8034639545444784, -0.36240397025339943, 0.18467242761323718, 0.4109019112864542, 0.6523741005557586],
        ["AdaGrad_Default"] = [-0.8975539401991549, -0.3155099107038237, 0.12027630642441837, 0.48536743056855336, 0.761591107323685],
        ["AdaGrad_Options"] = [-0.43561233343128164, -0.18641834083581613, 0.12298391769007029, 0.5196150874909905, 0.9217734412395951],
        ["RmsProp_Default"] = [-0.8979351584054347, -0.31528679970545387, 0.11984152333057717, 0.4851166460422438, 0.7612330571927091],
        ["RmsProp_CenteredMomentumDecay"] = [-0.8545591745892867, -0.33795432389357777, 0.16884095000830748, 0.5312995977459878, 0.7904600248601683],
        ["Adadelta_Default"] = [-0.6372349347723185, -0.2512312429876564, 0.1232115599895967, 0.49734354099089056, 0.8692400962052216],
        ["Adadelta_Options"] = [-0.5811098075889921, -0.2452451388028499, 0.13129444346613758, 0.5079267282553829, 0.8923919451789774],
        ["Adamax_Default"] = [-0.8715804163444549, -0.41663545024299536, 0.22793140381402494, 0.5343248198597788, 0.8012145706341185],
        ["Adamax_WeightDecay"] = [-0.872588975896983, -0.40043186868403635, 0.21116957144104095, 0.5124654732738223, 0.7837038739657983],
    };

    private static readonly Dictionary<string, Func<IEnumerable<Tensor>, Optimizer>> s_make = new()
    {
        ["Sgd_Plain"] = ps => new Sgd(ps, 0.1),
        ["Sgd_Momentum"] = ps => new Sgd(ps, 0.1, momentum: 0.9),
        ["Sgd_MomentumDampening"] = ps => new Sgd(ps, 0.1, momentum: 0.9, dampening: 0.5),
        ["Sgd_NesterovWeightDecayMaximize"] = ps => new Sgd(ps, 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.1, maximize: true),
        ["Adam_Default"] = ps => new Adam(ps, 0.1),
        ["Adam_AmsgradWeightDecay"] = ps => new Adam(ps, 0.1, amsgrad: true, weightDecay: 0.1),
        ["Adam_MaximizeBetas"] = ps => new Adam(ps, 0.05, beta1: 0.8, beta2: 0.9, epsilon: 1e-3, maximize: true),
        ["AdamW_Default"] = ps => new AdamW(ps, 0.1),
        ["AdamW_AmsgradDecay"] = ps => new AdamW(ps, 0.1, weightDecay: 0.5, amsgrad: true),
        ["AdaGrad_Default"] = ps => new AdaGrad(ps, 0.1),
        ["AdaGrad_Options"] = ps => new AdaGrad(ps, 0.1, learningRateDecay: 0.05, weightDecay: 0.1, initialAccumulatorValue: 0.2, maximize: true),
        ["RmsProp_Default"] = ps => new RmsProp(ps, 0.01),
        ["RmsProp_CenteredMomentumDecay"] = ps => new RmsProp(ps, 0.01, alpha: 0.9, centered: true, momentum: 0.9, weightDecay: 0.1),
        ["Adadelta_Default"] = ps => new Adadelta(ps),
        ["Adadelta_Options"] = ps => new Adadelta(ps, 0.5, rho: 0.8, epsilon: 1e-4, weightDecay: 0.1, maximize: true),
        ["Adamax_Default"] = ps => new Adamax(ps, 0.1),
        ["Adamax_WeightDecay"] = ps => new Adamax(ps, 0.1, beta1: 0.8, beta2: 0.95, weightDecay: 0.1),
    };

    public static TheoryData<string> Cases => new(s_torch.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float64_MatchesPyTorch(string name)
    {
        double[] actual = Run(s_make[name], N, Steps, DType.Float64);
        AssertClose(s_torch[name], actual, 1e-12, 1e-12, what: name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float32_MatchesPyTorch(string name)
    {
        double[] actual = Run(s_make[name], N, Steps, DType.Float32);
        AssertClose(s_torch[name], actual, 1e-6, 1e-5, what: name);
    }
}
