using DeepNotes;
using static DeepNotes.Tests.HigherOrder.Coverage.GradGradInputs;
using L = DeepNotes.Layers;

namespace DeepNotes.Tests.HigherOrder.Coverage;

/// <summary>
/// Second-order cases of the normalisations (batch, group, instance, layer, RMS, local response, weight and spectral
/// norm), the activations and the dropouts, as functions, tensor methods and layers. Piecewise activations get inputs
/// at least 0.05 from their kinks and are multiplied by x so that their second derivative is not identically zero;
/// random ops draw from a generator made afresh inside the function, so every call of the check sees the same mask.
/// </summary>
public sealed class NormActivationGradGradCases : IGradGradCaseSource
{
    /// <summary>Values uniform in [low, high) moved at least 0.05 away from every kink, requiring grad.</summary>
    internal static Tensor Spread(ulong seed, int[] shape, double low = -4, double high = 4, params double[] kinks)
    {
        var g = new Generator(seed);
        var values = new double[new Shape(shape).ElementCount];
        for (int i = 0; i < values.Length; i++)
        {
            double v = low + (high - low) * g.NextDouble();
            foreach (double k in kinks)
                if (Math.Abs(v - k) < 0.05) v = k + (v < k ? -0.05 : 0.05) + 0.01 * g.NextDouble() * (v < k ? -1 : 1);
            values[i] = v;
        }
        return Of(values, shape);
    }

    /// <summary>Overwrites a parameter or buffer in place (without recording) with seeded values in [low, high).</summary>
    internal static Tensor Fill(Tensor? p, ulong seed, double low, double high)
    {
        ArgumentNullException.ThrowIfNull(p);
        using (Autograd.NoGrad())
            p.CopyFrom(Tensor.Rand(p.Shape, DType.Float64, new Generator(seed)) * (high - low) + low);
        return p;
    }

    /// <summary>A module in float64 with its affine parameters (when any) set to seeded values away from 1 and 0.</summary>
    private static TModule Layer<TModule>(TModule module, ulong seed, bool eval = false) where TModule : L.Module
    {
        Float64(module, eval);
        ulong k = seed;
        foreach (Tensor p in module.Parameters()) Fill(p, k++, 0.5, 1.5);
        return module;
    }

    /// <summary>The inputs of a layer case: x, then the module's parameters (perturbed in place by the check).</summary>
    private static Func<Tensor[]> WithParameters(Func<Tensor> x, L.Module module) => () => [x(), .. module.Parameters()];

    public IEnumerable<GradGradCase> Cases()
    {
        foreach (var c in ActivationCases()) yield return c;
        foreach (var c in NormalizationCases()) yield return c;
        foreach (var c in DropoutCases()) yield return c;
    }

    private static IEnumerable<GradGradCase> ActivationCases()
    {
        int[] s = [3, 4];
        // (name, tensor method, functional, layer, kinks; piecewise ones are multiplied by x)
        var piecewise = new (string Name, Func<Tensor, Tensor> Method, Func<Tensor, Tensor> Func, Func<L.Module<Tensor, Tensor>> Layer, double[] Kinks)[]
        {
            ("Relu", x => x.Relu(), x => Functional.Relu(x), () => new L.Relu(), [0]),
            ("Relu6", x => x.Relu6(), x => Functional.Relu6(x), () => new L.Relu6(), [0, 6]),
            ("LeakyRelu", x => x.LeakyRelu(0.2), x => Functional.LeakyRelu(x, 0.2), () => new L.LeakyRelu(0.2), [0]),
            ("Hardtanh", x => x.Hardtanh(-2, 1.5), x => Functional.Hardtanh(x, -2, 1.5), () => new L.Hardtanh(-2, 1.5), [-2, 1.5]),
            ("Hardsigmoid", x => x.Hardsigmoid(), x => Functional.Hardsigmoid(x), () => new L.Hardsigmoid(), [-3, 3]),
            ("Hardswish", x => x.Hardswish(), x => Functional.Hardswish(x), () => new L.Hardswish(), [-3, 3]),
            ("Hardshrink", x => x.Hardshrink(0.7), x => Functional.Hardshrink(x, 0.7), () => new L.Hardshrink(0.7), [-0.7, 0.7]),
            ("Softshrink", x => x.Softshrink(0.7), x => Functional.Softshrink(x, 0.7), () => new L.Softshrink(0.7), [-0.7, 0.7]),
            ("Threshold", x => x.Threshold(0.3, -1.5), x => Functional.Threshold(x, 0.3, -1.5), () => new L.Threshold(0.3, -1.5), [0.3]),
            ("Sign", x => x.Sign(), x => Functional.Sign(x), () => new L.Sign(), [0]),
            ("Elu", x => x.Elu(0.7), x => Functional.Elu(x, 0.7), () => new L.Elu(0.7), [0]),
            ("Selu", x => x.Selu(), x => Functional.Selu(x), () => new L.Selu(), [0]),
            ("Celu", x => x.Celu(1.3), x => Functional.Celu(x, 1.3), () => new L.Celu(1.3), [0]),
            ("Softsign", x => x.Softsign(), x => Functional.Softsign(x), () => new L.Softsign(), [0]),
        };
        ulong seed = 100;
        foreach (var (name, method, func, layer, kinks) in piecewise)
        {
            seed++;
            ulong sd = seed;
            yield return new GradGradCase($"Tensor.{name}", "× x", t => method(t[0]) * t[0], () => [Spread(sd, s, kinks: kinks)]);
            yield return new GradGradCase($"Functional.{name}", "× x", t => func(t[0]) * t[0], () => [Spread(sd + 50, s, kinks: kinks)]);
            yield return new GradGradCase($"Layers.{name}", "× x", t => layer().Forward(t[0]) * t[0], () => [Spread(sd + 90, s, kinks: kinks)]);
        }
        // Hardswish's middle piece is curved: its second derivative without the extra factor, transposed input
        yield return new GradGradCase("Tensor.Hardswish", "transposed", t => t[0].Transpose(0, 1).Hardswish(), () => [Spread(140, [4, 3], kinks: [-3, 3])]);

        var smooth = new (string Name, Func<Tensor, Tensor> Method, Func<Tensor, Tensor> Func, Func<L.Module<Tensor, Tensor>> Layer)[]
        {
            ("Sigmoid", x => x.Sigmoid(), x => Functional.Sigmoid(x), () => new L.Sigmoid()),
            ("Tanh", x => x.Tanh(), x => Functional.Tanh(x), () => new L.Tanh()),
            ("Gelu", x => x.Gelu(GeluApproximation.Tanh), x => Functional.Gelu(x), () => new L.Gelu()),
            ("Softplus", x => x.Softplus(2, 3), x => Functional.Softplus(x), () => new L.Softplus(0.5)),
            ("Silu", x => x.Silu(), x => Functional.Silu(x), () => new L.Silu()),
            ("Mish", x => x.Mish(), x => Functional.Mish(x), () => new L.Mish()),
            ("Tanhshrink", x => x.Tanhshrink(), x => Functional.Tanhshrink(x), () => new L.Tanhshrink()),
            ("LogSigmoid", x => x.LogSigmoid(), x => Functional.LogSigmoid(x), () => new L.LogSigmoid()),
            ("Softmax", x => x.Softmax(1), x => Functional.Softmax(x, 0), () => new L.Softmax(-1)),
            ("LogSoftmax", x => x.LogSoftmax(0), x => Functional.LogSoftmax(x, 1), () => new L.LogSoftmax(1)),
        };
        foreach (var (name, method, func, layer) in smooth)
        {
            seed++;
            ulong sd = seed;
            yield return new GradGradCase($"Tensor.{name}", "", t => method(t[0]), () => [Randn(sd, s)]);
            yield return new GradGradCase($"Functional.{name}", "", t => func(t[0]), () => [Randn(sd + 50, s)]);
            yield return new GradGradCase($"Layers.{name}", "", t => layer().Forward(t[0]), () => [Randn(sd + 90, s)]);
        }

        yield return new GradGradCase("Functional.Softmin", "", t => Functional.Softmin(t[0], 1), () => [Randn(160, s)]);
        yield return new GradGradCase("Layers.Softmin", "", t => new L.Softmin(0).Forward(t[0]), () => [Randn(161, s)]);
        yield return new GradGradCase("Layers.Softmax2D", "", t => new L.Softmax2D().Forward(t[0]), () => [Randn(162, 1, 3, 2, 2)]);
        yield return new GradGradCase("Functional.Glu", "", t => Functional.Glu(t[0], 1), () => [Randn(163, s)]);
        yield return new GradGradCase("Layers.Glu", "", t => new L.Glu(0).Forward(t[0]), () => [Randn(164, 4, 3)]);

        // PReLU: second derivatives with respect to x and the weight (x·w where x ≤ 0: the mixed derivative is nonzero)
        yield return new GradGradCase("Functional.PRelu", "per channel", t => Functional.PRelu(t[0], t[1]) * t[0],
            () => [Spread(170, [2, 3, 2], kinks: [0]), Uniform(171, 0.1, 0.5, 3)]);
        yield return new GradGradCase("Functional.PRelu", "shared", t => Functional.PRelu(t[0], t[1]).Square(),
            () => [Spread(172, [5], kinks: [0]), Uniform(173, 0.1, 0.5, 1)]);
        var prelu = Layer(new L.PRelu(3), 174);
        yield return new GradGradCase("Layers.PRelu", "3 parameters", t => prelu.Forward(t[0]).Square(),
            WithParameters(() => Spread(175, [2, 3, 2], kinks: [0]), prelu));

        // RReLU: a fixed generator made inside the function (training), and the leaky form in evaluation
        yield return new GradGradCase("Functional.RRelu", "training", t => Functional.RRelu(t[0], 0.1, 0.4, training: true, new Generator(7)) * t[0],
            () => [Spread(176, s, kinks: [0])]);
        yield return new GradGradCase("Functional.RRelu", "eval", t => Functional.RRelu(t[0], 0.1, 0.4) * t[0], () => [Spread(177, s, kinks: [0])]);
        yield return new GradGradCase("Layers.RRelu", "training", t => new L.RRelu(0.1, 0.4, new Generator(8)).Forward(t[0]) * t[0],
            () => [Spread(178, s, kinks: [0])]);
        yield return new GradGradCase("Layers.RRelu", "eval",
            t => { var m = new L.RRelu(0.1, 0.4); m.Eval(); return m.Forward(t[0]) * t[0]; }, () => [Spread(179, s, kinks: [0])]);
    }

    private static IEnumerable<GradGradCase> NormalizationCases()
    {
        // Functional batch norm: training (batch statistics; the running statistics are updated in place, which does
        // not change a training output) and evaluation (running statistics), with and without γ/β.
        Tensor rm = Tensor.Zeros([3], DType.Float64), rv = Tensor.Ones([3], DType.Float64);
        yield return new GradGradCase("Functional.BatchNorm", "training, affine",
            t => Functional.BatchNorm(t[0], rm, rv, t[1], t[2], training: true).Square(),
            () => [Randn(200, 4, 3, 2), Uniform(201, 0.5, 1.5, 3), Randn(202, 3)]);
        yield return new GradGradCase("Functional.BatchNorm", "training, no affine, [N, C]",
            t => Functional.BatchNorm(t[0], null, null, training: true) * t[0], () => [Randn(203, 5, 2)]);
        Tensor erm = Tensor.FromArray(new[] { 0.2, -0.3, 0.5 }), erv = Tensor.FromArray(new[] { 0.8, 1.4, 0.6 });
        yield return new GradGradCase("Functional.BatchNorm", "eval, affine",
            t => Functional.BatchNorm(t[0], erm, erv, t[1], t[2]).Square(),
            () => [Randn(204, 2, 3, 2), Uniform(205, 0.5, 1.5, 3), Randn(206, 3)]);

        yield return new GradGradCase("Functional.GroupNorm", "2 groups, affine", t => Functional.GroupNorm(t[0], 2, t[1], t[2]).Square(),
            () => [Randn(210, 2, 4, 3), Uniform(211, 0.5, 1.5, 4), Randn(212, 4)]);
        yield return new GradGradCase("Functional.InstanceNorm", "input statistics, affine",
            t => Functional.InstanceNorm(t[0], weight: t[1], bias: t[2]).Square(),
            () => [Randn(213, 2, 2, 4), Uniform(214, 0.5, 1.5, 2), Randn(215, 2)]);
        yield return new GradGradCase("Functional.InstanceNorm", "running statistics",
            t => Functional.InstanceNorm(t[0], erm.Narrow(0, 0, 2).Clone(), erv.Narrow(0, 0, 2).Clone(), useInputStats: false).Square(),
            () => [Randn(216, 2, 2, 3)]);
        yield return new GradGradCase("Functional.LayerNorm", "[2, 3], affine", t => Functional.LayerNorm(t[0], [2, 3], t[1], t[2]).Square(),
            () => [Randn(217, 2, 2, 3), Uniform(218, 0.5, 1.5, 2, 3), Randn(219, 2, 3)]);
        yield return new GradGradCase("Functional.RmsNorm", "[4], weight", t => Functional.RmsNorm(t[0], [4], t[1], 1e-6).Square(),
            () => [Randn(220, 3, 4), Uniform(221, 0.5, 1.5, 4)]);
        yield return new GradGradCase("Functional.LocalResponseNorm", "size 3", t => Functional.LocalResponseNorm(t[0], 3, alpha: 0.6, beta: 0.75, k: 1),
            () => [Randn(222, 2, 4, 3)]);
        yield return new GradGradCase("Functional.WeightNorm", "dim 0", t => Functional.WeightNorm(t[0], t[1]).Square(),
            () => [Randn(223, 3, 4), Uniform(224, 0.5, 1.5, 3)]);
        yield return new GradGradCase("Functional.WeightNorm", "dim null", t => Functional.WeightNorm(t[0], t[1], null) * t[0],
            () => [Randn(225, 2, 3), Uniform(226, 0.5, 1.5, 1)]);
        Tensor u = Tensor.FromArray(new[] { 0.6, -0.8, 0.0 }), v = Tensor.FromArray(new[] { 0.5, 0.5, -0.5, 0.5 });
        yield return new GradGradCase("Functional.SpectralNorm", "fixed u, v (evaluation)",
            t => Functional.SpectralNorm(t[0], u, v, training: false).Square(), () => [Randn(227, 3, 4)]);

        // Layers: the module's parameters are inputs too (second derivatives with respect to γ and β)
        var bn1 = Layer(new L.BatchNorm1D(3), 230);
        yield return new GradGradCase("Layers.BatchNorm1D", "training", t => bn1.Forward(t[0]).Square(), WithParameters(() => Randn(231, 4, 3), bn1));
        var bn2 = Layer(new L.BatchNorm2D(2), 232, eval: true);
        Fill(bn2.RunningMean, 233, -0.5, 0.5);
        Fill(bn2.RunningVar, 234, 0.5, 1.5);
        yield return new GradGradCase("Layers.BatchNorm2D", "eval", t => bn2.Forward(t[0]).Square(), WithParameters(() => Randn(235, 2, 2, 2, 2), bn2));
        var bn2t = Layer(new L.BatchNorm2D(2), 236);
        yield return new GradGradCase("Layers.BatchNorm2D", "training", t => bn2t.Forward(t[0]).Square(), WithParameters(() => Randn(237, 2, 2, 2, 2), bn2t));
        var bn3 = Layer(new L.BatchNorm3D(2, trackRunningStats: false), 238);
        yield return new GradGradCase("Layers.BatchNorm3D", "training, no running statistics", t => bn3.Forward(t[0]).Square(),
            WithParameters(() => Randn(239, 2, 2, 2, 1, 2), bn3));
        var in1 = Layer(new L.InstanceNorm1D(2, affine: true), 240);
        yield return new GradGradCase("Layers.InstanceNorm1D", "affine", t => in1.Forward(t[0]).Square(), WithParameters(() => Randn(241, 2, 2, 4), in1));
        var in2 = Layer(new L.InstanceNorm2D(2), 242);
        yield return new GradGradCase("Layers.InstanceNorm2D", "", t => in2.Forward(t[0]) * t[0], WithParameters(() => Randn(243, 1, 2, 2, 3), in2));
        var in3 = Layer(new L.InstanceNorm3D(2, affine: true, trackRunningStats: true), 244);
        yield return new GradGradCase("Layers.InstanceNorm3D", "affine, running statistics", t => in3.Forward(t[0]).Square(),
            WithParameters(() => Randn(245, 1, 2, 2, 2, 2), in3));
        var gn = Layer(new L.GroupNorm(2, 4), 246);
        yield return new GradGradCase("Layers.GroupNorm", "2 groups", t => gn.Forward(t[0]).Square(), WithParameters(() => Randn(247, 2, 4, 2), gn));
        var ln = Layer(new L.LayerNorm([2, 3]), 248);
        yield return new GradGradCase("Layers.LayerNorm", "[2, 3]", t => ln.Forward(t[0]).Square(), WithParameters(() => Randn(249, 2, 2, 3), ln));
        var rms = Layer(new L.RmsNorm(4, eps: 1e-6), 250);
        yield return new GradGradCase("Layers.RmsNorm", "", t => rms.Forward(t[0]).Square(), WithParameters(() => Randn(251, 3, 4), rms));
        yield return new GradGradCase("Layers.LocalResponseNorm", "size 2", t => new L.LocalResponseNorm(2, 0.8, 0.6, 1.5).Forward(t[0]).Square(),
            () => [Randn(252, 1, 3, 2, 2)]);
    }

    private static IEnumerable<GradGradCase> DropoutCases()
    {
        // Training with a generator made afresh inside the function, so every call draws the same mask
        yield return new GradGradCase("Functional.Dropout", "training", t => Functional.Dropout(t[0], 0.4, true, new Generator(11)) * t[0],
            () => [Randn(300, 3, 4)]);
        yield return new GradGradCase("Functional.Dropout", "eval", t => Functional.Dropout(t[0], 0.4, false) * t[0], () => [Randn(301, 3, 4)]);
        yield return new GradGradCase("Functional.Dropout1D", "training", t => Functional.Dropout1D(t[0], 0.4, true, new Generator(12)).Square(),
            () => [Randn(302, 2, 3, 3)]);
        yield return new GradGradCase("Functional.Dropout2D", "training", t => Functional.Dropout2D(t[0], 0.4, true, new Generator(13)).Square(),
            () => [Randn(303, 2, 3, 2, 2)]);
        yield return new GradGradCase("Functional.Dropout2D", "unbatched, transposed",
            t => Functional.Dropout2D(t[0].Transpose(1, 2), 0.5, true, new Generator(14)) * t[0].Transpose(1, 2), () => [Randn(304, 3, 2, 3)]);
        yield return new GradGradCase("Functional.Dropout3D", "training", t => Functional.Dropout3D(t[0], 0.4, true, new Generator(15)).Square(),
            () => [Randn(305, 1, 3, 2, 2, 2)]);
        yield return new GradGradCase("Functional.AlphaDropout", "training", t => Functional.AlphaDropout(t[0], 0.3, true, new Generator(16)).Square(),
            () => [Randn(306, 3, 4)]);
        yield return new GradGradCase("Functional.FeatureAlphaDropout", "training",
            t => Functional.FeatureAlphaDropout(t[0], 0.4, true, new Generator(17)).Square(), () => [Randn(307, 2, 3, 2)]);

        yield return new GradGradCase("Layers.Dropout", "training", t => new L.Dropout(0.4, generator: new Generator(21)).Forward(t[0]) * t[0],
            () => [Randn(310, 3, 4)]);
        yield return new GradGradCase("Layers.Dropout1D", "training", t => new L.Dropout1D(0.4, new Generator(22)).Forward(t[0]).Square(),
            () => [Randn(311, 2, 3, 3)]);
        yield return new GradGradCase("Layers.Dropout2D", "training", t => new L.Dropout2D(0.4, new Generator(23)).Forward(t[0]).Square(),
            () => [Randn(312, 2, 3, 2, 2)]);
        yield return new GradGradCase("Layers.Dropout3D", "training", t => new L.Dropout3D(0.4, new Generator(24)).Forward(t[0]).Square(),
            () => [Randn(313, 1, 3, 2, 2, 2)]);
        yield return new GradGradCase("Layers.AlphaDropout", "training", t => new L.AlphaDropout(0.3, new Generator(25)).Forward(t[0]).Square(),
            () => [Randn(314, 3, 4)]);
        yield return new GradGradCase("Layers.FeatureAlphaDropout", "training",
            t => new L.FeatureAlphaDropout(0.4, new Generator(26)).Forward(t[0]).Square(), () => [Randn(315, 2, 3, 2)]);
    }
}
