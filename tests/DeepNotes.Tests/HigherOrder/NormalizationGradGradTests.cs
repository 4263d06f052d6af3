using DeepNotes;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>
/// Second derivatives of the normalisations (batch, group, instance, layer) — whose fused first-order backward is
/// replaced under createGraph by the differentiated recomputation — and of the piecewise and smooth activations and
/// PReLU, whose backward rules have differentiable createGraph forms: over contiguous, transposed and sliced inputs,
/// with respect to input, weight and bias, in training and evaluation. Also: the running statistics are updated once
/// per forward (never by a createGraph backward), and a first-order backward gives the same gradients as before.
/// </summary>
public class NormalizationGradGradTests
{
    public static TheoryData<Layout> Layouts() => new() { Layout.Contiguous, Layout.Transposed, Layout.Sliced };

    private static Tensor Param(ulong seed, int n, double low = 0.5, double high = 1.5)
    {
        Tensor t = Tensor.Rand([n], DType.Float64, new Generator(seed)) * (high - low) + low;
        t = t.Detach();
        t.RequiresGrad = true;
        return t;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void BatchNorm_Training_WithRespectToInputWeightAndBias(Layout layout)
    {
        Tensor x = Input([3, 2, 3], 400, Values.Normal, layout);
        Tensor w = Param(401, 2), b = Param(402, 2, -1, 1);
        GradCheck.GradGradCheck(t => Functional.BatchNorm(t[0], null, null, t[1], t[2], training: true).Square(), x, w, b);
        // A loss whose second derivative mixes the sample statistics with γ: y·x
        GradCheck.GradGradCheck(t => Functional.BatchNorm(t[0], null, null, t[1], null, training: true) * t[0], x, w);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void BatchNorm_Eval_RunningStatistics(Layout layout)
    {
        Tensor x = Input([2, 3, 2], 403, Values.Normal, layout);
        Tensor rm = Tensor.FromArray(new[] { 0.3, -0.2, 0.1 }), rv = Tensor.FromArray(new[] { 0.7, 1.3, 2.0 });
        Tensor w = Param(404, 3), b = Param(405, 3, -1, 1);
        GradCheck.GradGradCheck(t => Functional.BatchNorm(t[0], rm, rv, t[1], t[2]).Square() * t[0], x, w, b);
        GradCheck.GradGradCheck(t => Functional.BatchNorm(t[0], rm, rv, null, t[1]).Square(), x, b);
    }

    [Fact]
    public void BatchNorm_WithoutAffine_AndMatrixInput()
    {
        Tensor x = Input([5, 3], 406, Values.Normal);
        GradCheck.GradGradCheck(t => Functional.BatchNorm(t[0], null, null, training: true).Pow(3), x);
        Tensor x4 = Input([2, 2, 2, 2], 407, Values.Normal, Layout.Sliced);
        GradCheck.GradGradCheck(t => Functional.BatchNorm(t[0], null, null, null, t[1], training: true).Square(), x4, Param(408, 2));
    }

    [Fact]
    public void BatchNorm_RunningStatisticsAreUpdatedOncePerForward_NotByTheCreateGraphBackward()
    {
        Tensor x = Input([4, 2, 3], 409, Values.Normal);
        Tensor w = Param(410, 2);
        Tensor rm = Tensor.Zeros([2], DType.Float64), rv = Tensor.Ones([2], DType.Float64);
        Tensor y = Functional.BatchNorm(x, rm, rv, w, null, training: true, momentum: 0.5);
        double[] meanAfterForward = rm.ToArray<double>(), varAfterForward = rv.ToArray<double>();
        Assert.NotEqual(0.0, meanAfterForward[0]);
        Tensor[] g = Autograd.Grad(y.Square().Sum(), [x, w], createGraph: true);
        Autograd.Grad((g[0].Square().Sum() + g[1].Sum()), [x, w]);
        Assert.Equal(meanAfterForward, rm.ToArray<double>());
        Assert.Equal(varAfterForward, rv.ToArray<double>());
    }

    [Fact]
    public void BatchNorm_FirstOrderGradients_EqualTheCreateGraphOnes()
    {
        Tensor x = Input([3, 2, 4], 411, Values.Normal, Layout.Transposed);
        Tensor w = Param(412, 2), b = Param(413, 2, -1, 1);
        Func<Tensor> loss = () => (Functional.BatchNorm(x, null, null, w, b, training: true) * Tensor.Rand([3, 2, 4], DType.Float64, new Generator(9))).Sum();
        Tensor[] first = Autograd.Grad(loss(), [x, w, b]);
        Tensor[] created = Autograd.Grad(loss(), [x, w, b], createGraph: true);
        for (int i = 0; i < 3; i++)
        {
            Assert.False(first[i].RequiresGrad);
            Assert.True(created[i].RequiresGrad || i == 2); // dβ = Σ gy carries no graph of the inputs
            AssertClose(first[i].ToArray<double>(), created[i].Detach(), 1e-12, 1e-10);
        }
    }

    public static TheoryData<string> NormConfigurations() => new(NormOps.Keys);

    /// <summary>Normalisations of x [3, 4, 2] with weight w [4] and bias b [4] (as inputs 0, 1, 2).</summary>
    private static readonly Dictionary<string, Func<Tensor[], Tensor>> NormOps = new()
    {
        ["BatchNormTraining"] = t => Functional.BatchNorm(t[0], null, null, t[1], t[2], training: true),
        ["BatchNormEval"] = t => Functional.BatchNorm(t[0], Tensor.FromArray(new[] { 0.1, 0.2, -0.3, 0.0 }),
            Tensor.FromArray(new[] { 0.5, 1.0, 2.0, 1.5 }), t[1], t[2]),
        ["GroupNorm2"] = t => Functional.GroupNorm(t[0], 2, t[1], t[2], eps: 1e-3),
        ["InstanceNorm"] = t => Functional.InstanceNorm(t[0], weight: t[1], bias: t[2]),
        ["LayerNorm"] = t => Functional.LayerNorm(t[0], [4, 2], t[1].Unsqueeze(1).Expand(4, 2) * 1.0, null, eps: 1e-2) + t[2].Unsqueeze(1),
        ["PRelu"] = t => Functional.PRelu(t[0], t[1] * 0.3) + t[2].Unsqueeze(1),
    };

    /// <summary>
    /// The createGraph gradients (of the recomputed composite) equal the fused first-order ones, for x, γ and β: the
    /// second-order checks differentiate the composite, so this ties it to the op.
    /// </summary>
    [Theory]
    [MemberData(nameof(NormConfigurations))]
    public void Normalization_FirstOrderGradients_EqualTheCreateGraphOnes(string config)
    {
        Tensor x = Input([3, 4, 2], 490, Values.AwayFromZero, Layout.Transposed);
        Tensor w = Param(491, 4), b = Param(492, 4, -1, 1);
        Tensor v = Tensor.Rand([3, 4, 2], DType.Float64, new Generator(493));
        Tensor[] first = Autograd.Grad((NormOps[config]([x, w, b]) * v).Sum(), [x, w, b]);
        Tensor[] created = Autograd.Grad((NormOps[config]([x, w, b]) * v).Sum(), [x, w, b], createGraph: true);
        for (int i = 0; i < 3; i++) AssertClose(first[i].ToArray<double>(), created[i].Detach(), 1e-12, 1e-10);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void GroupNorm_WithRespectToInputWeightAndBias(Layout layout)
    {
        Tensor x = Input([2, 4, 3], 420, Values.Normal, layout);
        GradCheck.GradGradCheck(t => Functional.GroupNorm(t[0], 2, t[1], t[2]).Square(), x, Param(421, 4), Param(422, 4, -1, 1));
        GradCheck.GradGradCheck(t => Functional.GroupNorm(t[0], 4, t[1]) * t[0], x, Param(423, 4));
        GradCheck.GradGradCheck(t => Functional.GroupNorm(t[0], 1).Pow(3), x);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void InstanceNorm_InputAndRunningStatistics(Layout layout)
    {
        Tensor x = Input([2, 2, 3], 430, Values.Normal, layout);
        Tensor rm = Tensor.FromArray(new[] { 0.1, -0.4 }), rv = Tensor.FromArray(new[] { 1.5, 0.6 });
        GradCheck.GradGradCheck(t => Functional.InstanceNorm(t[0], rm, rv, t[1], t[2], momentum: 0.3).Square(), x, Param(431, 2), Param(432, 2, -1, 1));
        GradCheck.GradGradCheck(t => Functional.InstanceNorm(t[0], rm.Clone(), rv.Clone(), t[1], useInputStats: false).Square() * t[0], x, Param(433, 2));
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void LayerNorm_NormalizedShapes(Layout layout)
    {
        Tensor x = Input([2, 3, 4], 440, Values.Normal, layout);
        GradCheck.GradGradCheck(t => Functional.LayerNorm(t[0], [4], t[1], t[2]).Square(), x, Input([4], 441), Input([4], 442));
        GradCheck.GradGradCheck(t => Functional.LayerNorm(t[0], [3, 4], t[1]) * t[0], x, Input([3, 4], 443));
        GradCheck.GradGradCheck(t => Functional.LayerNorm(t[0], [2, 3, 4], null, t[1]).Pow(3), x, Input([2, 3, 4], 444));
    }

    [Fact]
    public void Normalizations_HessianIsSymmetric()
    {
        // ∂²L/∂x∂w == (∂²L/∂w∂x)ᵀ: a mixed second derivative computed both ways through the composite
        Tensor x = Input([3, 2, 2], 450, Values.Normal);
        Tensor w = Param(451, 2);
        Tensor h = Autograd.Hessian(z => Functional.GroupNorm(z.Narrow(0, 0, 12).Reshape(3, 2, 2), 1, z.Narrow(0, 12, 2)).Pow(3).Sum(),
            Tensor.Cat([x.Detach().Reshape(-1), w.Detach()]));
        AssertClose(h.Transpose(0, 1).ToArray<double>(), h, 1e-10, 1e-8);
    }

    public static TheoryData<string, Layout> ActivationCases()
    {
        var data = new TheoryData<string, Layout>();
        foreach (string op in Activations.Keys)
            foreach (Layout layout in new[] { Layout.Contiguous, Layout.Transposed, Layout.Sliced })
                data.Add(op, layout);
        return data;
    }

    /// <summary>Converted activations (piecewise ones times x, so their second derivative is not identically zero) and their kinks.</summary>
    private static readonly Dictionary<string, (Func<Tensor, Tensor> F, double[] Kinks)> Activations = new()
    {
        ["Hardtanh"] = (x => x.Hardtanh(-1.5, 2) * x, [-1.5, 2]),
        ["Hardsigmoid"] = (x => x.Hardsigmoid() * x, [-3, 3]),
        ["Hardswish"] = (x => x.Hardswish(), [-3, 3]),
        ["HardswishTimesX"] = (x => x.Hardswish() * x, [-3, 3]),
        ["Hardshrink"] = (x => x.Hardshrink(0.6) * x, [-0.6, 0.6]),
        ["Softshrink"] = (x => x.Softshrink(0.6) * x, [-0.6, 0.6]),
        ["Threshold"] = (x => x.Threshold(-0.5, 2) * x, [-0.5]),
        ["Softsign"] = (x => x.Softsign(), [0]),
        ["Silu"] = (x => x.Silu(), []),
        ["Mish"] = (x => x.Mish(), []),
        ["Tanhshrink"] = (x => x.Tanhshrink(), []),
        ["LogSigmoid"] = (x => x.LogSigmoid(), []),
        ["Selu"] = (x => x.Selu(), [0]),
        ["Celu"] = (x => x.Celu(0.6), [0]),
    };

    [Theory]
    [MemberData(nameof(ActivationCases))]
    public void Activation_SecondDerivative(string op, Layout layout)
    {
        var (f, kinks) = Activations[op];
        Tensor x = Spread([3, 4], 460 + (ulong)op.Length, kinks, layout);
        GradCheck.GradGradCheck(t => f(t[0]), x);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void PRelu_WithRespectToInputAndWeight(Layout layout)
    {
        Tensor x = Spread([2, 3, 4], 470, [0], layout);
        GradCheck.GradGradCheck(t => Functional.PRelu(t[0], t[1]) * t[0], x, Param(471, 3, 0.1, 0.5));
        GradCheck.GradGradCheck(t => Functional.PRelu(t[0], t[1]).Square(), x, Param(472, 1, 0.1, 0.5));
    }

    [Fact]
    public void Activations_FirstOrderGradients_EqualTheCreateGraphOnes()
    {
        foreach (var (op, (f, kinks)) in Activations)
        {
            Tensor x = Spread([3, 4], 480, kinks, Layout.Contiguous);
            Tensor first = Autograd.Grad(f(x).Sum(), [x])[0];
            Tensor created = Autograd.Grad(f(x).Sum(), [x], createGraph: true)[0];
            AssertClose(first.ToArray<double>(), created.Detach(), 1e-12, 1e-10);
        }
    }

    [Fact]
    public void Float32_CreateGraphGradients_MatchTheFusedOnes()
    {
        Tensor x = (Input([3, 4, 2], 495, Values.AwayFromZero, requiresGrad: false) * 2).To(DType.Float32);
        Tensor w = Param(496, 4).Detach().To(DType.Float32), b = Param(497, 4, -1, 1).Detach().To(DType.Float32);
        x.RequiresGrad = w.RequiresGrad = b.RequiresGrad = true;
        var ops = new Dictionary<string, Func<Tensor>>
        {
            ["BatchNormTraining"] = () => Functional.BatchNorm(x, null, null, w, b, training: true),
            ["BatchNormEval"] = () => Functional.BatchNorm(x, Tensor.FromArray(new[] { 0.1f, 0.2f, -0.3f, 0f }), Tensor.FromArray(new[] { 0.5f, 1f, 2f, 1.5f }), w, b),
            ["GroupNorm"] = () => Functional.GroupNorm(x, 2, w, b),
            ["LayerNorm"] = () => Functional.LayerNorm(x, [2], null, null) * w.Unsqueeze(1) + b.Unsqueeze(1),
            ["PRelu"] = () => Functional.PRelu(x, w) + b.Unsqueeze(1),
        };
        foreach (var (name, (f, _)) in Activations) ops[name] = () => f(x) * w.Unsqueeze(1) + b.Unsqueeze(1);
        foreach (var (name, f) in ops)
        {
            Tensor[] first = Autograd.Grad(f().Square().Sum(), [x, w, b]);
            Tensor[] created = Autograd.Grad(f().Square().Sum(), [x, w, b], createGraph: true);
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(DType.Float32, created[i].DType);
                AssertClose(first[i].To(DType.Float64).ToArray<double>(), created[i].Detach().To(DType.Float64), 1e-4, 1e-4);
            }
        }
    }

    /// <summary>
    /// A gradient penalty's second derivative through a small network of normalisation layers and converted activations:
    /// GradGradCheck with respect to the input and every parameter (training mode: batch statistics).
    /// </summary>
    [Fact]
    public void Network_OfNormalizationsAndActivations_SecondDerivatives()
    {
        var net = new DeepNotes.Layers.Sequential(
            new DeepNotes.Layers.Dense(3, 4, dtype: DType.Float64, generator: new Generator(1)),
            new DeepNotes.Layers.LayerNorm(4, dtype: DType.Float64),
            new DeepNotes.Layers.Silu(),
            new DeepNotes.Layers.Dense(4, 2, dtype: DType.Float64, generator: new Generator(2)),
            new DeepNotes.Layers.BatchNorm1D(2, dtype: DType.Float64),
            new DeepNotes.Layers.Softsign());
        Tensor x = Input([4, 3], 498, Values.Normal, Layout.Transposed);
        GradCheck.GradGradCheck(t => net.Forward(t[0]).Square(), [x, .. net.Parameters()]);
        // the penalty itself: ‖∂L/∂x‖² differentiated to the parameters
        Tensor gx = Autograd.Grad(net.Forward(x).Square().Sum(), [x], createGraph: true)[0];
        Tensor[] gp = Autograd.Grad(gx.Square().Sum(), [.. net.Parameters()]);
        Assert.All(gp, g => Assert.True(g.Abs().Sum().Item() > 0));
    }

    /// <summary>Values uniform in [−4, 4) at least 0.05 from every kink, in the given layout, requiring grad.</summary>
    private static Tensor Spread(int[] shape, ulong seed, double[] kinks, Layout layout)
    {
        Tensor x = Input(shape, seed, Values.Normal, layout, requiresGrad: false);
        Tensor u = Coverage.NormActivationGradGradCases.Spread(seed, shape, kinks: kinks).Detach();
        using (Autograd.NoGrad()) x.CopyFrom(u);
        x.RequiresGrad = true;
        return x;
    }
}
