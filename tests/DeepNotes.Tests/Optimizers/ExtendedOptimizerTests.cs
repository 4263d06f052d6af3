using DeepNotes;
using DeepNotes.Optimizers;
using static DeepNotes.Tests.Optimizers.OptimizerTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Optimizers;

/// <summary>
/// The optimizers built on <see cref="CustomOptimizer"/>: RAdam and LBFGS against torch 1.13
/// (reference/optimizers_ext_reference.py), Lion and LAMB against scalar loops of the papers' formulas.
/// </summary>
public class ExtendedOptimizerTests
{
    // ---- RAdam vs torch.optim.RAdam (logistic regression, 10 steps: both branches of ρₜ) ----

    private static double[] RunRAdam(DType dtype, Func<Tensor, Optimizer> make, int steps)
    {
        var x = Tensor.FromArray(Enumerable.Range(0, 18).Select(k => ((3 * (k / 3) + 2 * (k % 3)) % 7 - 3) * 0.25).ToArray(), [6, 3]).To(dtype);
        var y = Tensor.FromArray(Enumerable.Range(0, 6).Select(i => i % 2 == 0 ? 1.0 : -1.0).ToArray()).To(dtype);
        var w = Parameter(Enumerable.Range(0, 3).Select(j => 0.1 * (j + 1) - 0.15).ToArray(), dtype);
        var optimizer = make(w);
        for (int t = 0; t < steps; t++)
        {
            optimizer.ZeroGrad();
            ((-y * x.MatMul(w)).Exp() + 1).Log().Mean().Backward();
            optimizer.Step();
        }
        return w.ToArray<double>();
    }

    [Fact]
    public void RAdam_MatchesTorch_Float64()
    {
        AssertClose([0.024960507786265265, -0.06376055481264617, 0.10519309220263275],
            RunRAdam(DType.Float64, w => new RAdam([w], learningRate: 0.1), 10), 1e-10, what: "RAdam default");
        AssertClose([0.009006791268542667, -0.028394073886390248, 0.10363364818415098],
            RunRAdam(DType.Float64, w => new RAdam([w], learningRate: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.1), 10),
            1e-10, what: "RAdam weight decay");
    }

    [Fact]
    public void RAdam_MatchesTorch_Float32()
    {
        AssertClose([0.024960510432720184, -0.06376055628061295, 0.10519308596849442],
            RunRAdam(DType.Float32, w => new RAdam([w], learningRate: 0.1), 10), 1e-6, what: "RAdam float32");
    }

    // ---- Lion vs the paper's update (Chen et al. 2023, Program 1; lion-pytorch) ----

    private static double[] LionLoop(int n, int steps, double lr, double beta1, double beta2, double weightDecay)
    {
        var p = InitialValues(n);
        var m = new double[n];
        for (int t = 1; t <= steps; t++)
        {
            var g = Gradients(t, n);
            for (int i = 0; i < n; i++)
            {
                p[i] *= 1 - lr * weightDecay;
                p[i] -= lr * Math.Sign(beta1 * m[i] + (1 - beta1) * g[i]);
                m[i] = beta2 * m[i] + (1 - beta2) * g[i];
            }
        }
        return p;
    }

    [Theory]
    [InlineData(DType.Float64, 0.0)]
    [InlineData(DType.Float64, 0.5)]
    [InlineData(DType.Float32, 0.5)]
    public void Lion_MatchesThePapersUpdate(DType dtype, double weightDecay)
    {
        var expected = LionLoop(7, 6, 0.03, 0.9, 0.99, weightDecay);
        var actual = Run(ps => new Lion(ps, learningRate: 0.03, weightDecay: weightDecay), 7, 6, dtype);
        AssertClose(expected, actual, 1e-6, what: $"Lion {dtype}");
    }

    [Fact]
    public void Lion_GroupOverridesBeta_AndStateIsExpAvg()
    {
        var a = Parameter(InitialValues(4));
        var b = Parameter(InitialValues(4));
        var optimizer = new Lion([new ParameterGroup([a]), new ParameterGroup([b], options: new Dictionary<string, double> { ["beta1"] = 0.5, ["beta2"] = 0.8 })],
            learningRate: 0.03);
        for (int t = 1; t <= 5; t++)
        {
            a.Grad = Values(Gradients(t, 4), DType.Float64);
            b.Grad = Values(Gradients(t, 4), DType.Float64);
            optimizer.Step();
        }
        AssertClose(LionLoop(4, 5, 0.03, 0.9, 0.99, 0), a.ToArray<double>(), 1e-12);
        AssertClose(LionLoop(4, 5, 0.03, 0.5, 0.8, 0), b.ToArray<double>(), 1e-12);
        Assert.Equal(["step", "exp_avg"], optimizer.GetState(a).Keys.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lion([Parameter([1.0])], beta2: 1.5));
    }

    // ---- LAMB vs the paper's Algorithm 2 ----

    private static double[] LambLoop(int n, int steps, double lr, double beta1, double beta2, double eps, double weightDecay)
    {
        var p = InitialValues(n);
        double[] m = new double[n], v = new double[n], r = new double[n];
        for (int t = 1; t <= steps; t++)
        {
            var g = Gradients(t, n);
            double pNorm = 0, rNorm = 0;
            for (int i = 0; i < n; i++)
            {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                r[i] = m[i] / (1 - Math.Pow(beta1, t)) / (Math.Sqrt(v[i] / (1 - Math.Pow(beta2, t))) + eps) + weightDecay * p[i];
                pNorm += p[i] * p[i];
                rNorm += r[i] * r[i];
            }
            double trust = pNorm > 0 && rNorm > 0 ? Math.Sqrt(pNorm) / Math.Sqrt(rNorm) : 1;
            for (int i = 0; i < n; i++) p[i] -= lr * trust * r[i];
        }
        return p;
    }

    [Theory]
    [InlineData(DType.Float64, 0.0)]
    [InlineData(DType.Float64, 0.01)]
    [InlineData(DType.Float32, 0.01)]
    public void Lamb_MatchesThePapersUpdate(DType dtype, double weightDecay)
    {
        var expected = LambLoop(6, 5, 0.05, 0.9, 0.999, 1e-6, weightDecay);
        var actual = Run(ps => new Lamb(ps, learningRate: 0.05, weightDecay: weightDecay), 6, 5, dtype);
        AssertClose(expected, actual, 1e-6, what: $"Lamb {dtype}");
    }

    [Fact]
    public void Lamb_ZeroParameter_UsesTrustRatioOne()
    {
        var p = Parameter([0.0, 0.0]);
        var optimizer = new Lamb([p], learningRate: 0.1);
        p.Grad = Values([1.0, -1.0], DType.Float64);
        optimizer.Step();
        // m̂ = g, v̂ = g², r = g / (|g| + ε) ≈ ±1, trust 1 (‖p‖ = 0).
        AssertClose([-0.1 / (1 + 1e-6), 0.1 / (1 + 1e-6)], p.ToArray<double>(), 1e-12);
    }

    // ---- LBFGS vs torch.optim.LBFGS on the Rosenbrock function from (−1.5, 2) ----

    private static (double[] Iterates, double[] Losses, LBFGS Optimizer) RunLbfgs(int steps, Func<Tensor, LBFGS> make)
    {
        var p = Parameter([-1.5, 2.0]);
        var optimizer = make(p);
        var e0 = Tensor.FromArray(new[] { 1.0, 0 });
        var e1 = Tensor.FromArray(new[] { 0.0, 1 });
        Tensor Closure()
        {
            optimizer.ZeroGrad();
            var x = (p * e0).Sum();
            var y = (p * e1).Sum();
            var loss = (1 - x).Square() + 100 * (y - x.Square()).Square();
            loss.Backward();
            return loss;
        }
        var iterates = new List<double>();
        var losses = new List<double>();
        for (int s = 0; s < steps; s++)
        {
            losses.Add(optimizer.Step(Closure).Item());
            iterates.AddRange(p.ToArray<double>());
        }
        return ([.. iterates], [.. losses], optimizer);
    }

    [Fact]
    public void LBFGS_FixedStep_MatchesTorch()
    {
        var (iterates, losses, optimizer) = RunLbfgs(3, p => new LBFGS([p], learningRate: 0.01, maxIterations: 5, historySize: 3));
        AssertClose([-1.4897883845186104, 2.003316253600155, -1.4866082757413932, 2.0043967484007044, -1.483570698124902, 2.0054406244589997],
            iterates, 1e-10, what: "iterates");
        AssertClose([12.5, 10.87126579440972, 10.410661713725023], losses, 1e-10, what: "losses");
        Assert.Equal(15, optimizer.FunctionEvaluations);
        Assert.Equal(15, optimizer.Iterations);
        Assert.Equal(3, optimizer.StepCount);
    }

    [Fact]
    public void LBFGS_StrongWolfe_MatchesTorch()
    {
        var (iterates, losses, optimizer) = RunLbfgs(3, p => new LBFGS([p], maxIterations: 5, lineSearch: "strong_wolfe"));
        AssertClose([-1.4190151739012853, 2.015228881713949, -1.2050322831643026, 1.3935585763354525, -0.741182959696463, 0.512356777959665],
            iterates, 1e-10, what: "iterates");
        AssertClose([12.5, 5.851898414902332, 5.204910022853519], losses, 1e-10, what: "losses");
        Assert.Equal(18, optimizer.FunctionEvaluations);
        Assert.Equal(13, optimizer.Iterations);
    }

    [Fact]
    public void LBFGS_StrongWolfe_ConvergesOnRosenbrock_AsTorch()
    {
        var (iterates, losses, optimizer) = RunLbfgs(4, p => new LBFGS([p], lineSearch: "strong_wolfe"));
        AssertClose([-0.08511855589860293, -0.028757058413769698, 0.9995835472529905, 0.9991550319577943, 0.9999979943196398, 0.9999973438921637],
            iterates[..6], 1e-8, what: "iterates");
        AssertClose([1, 1], iterates[^2..], 1e-5, what: "minimum");
        Assert.True(losses[^1] < 1e-9, $"final loss {losses[^1]}");
    }

    [Fact]
    public void LBFGS_StepWithoutClosure_Throws_AndChangesNothing()
    {
        var p = Parameter([1.0, 2.0]);
        var optimizer = new LBFGS([p]);
        p.Grad = Values([1.0, 1.0], DType.Float64);
        var e = Assert.Throws<InvalidOperationException>(() => optimizer.Step());
        Assert.Contains("closure", e.Message);
        Assert.Equal(new[] { 1.0, 2.0 }, p.ToArray<double>());
        Assert.Equal(0, optimizer.StepCount);
        Assert.Empty(optimizer.GetState(p));
        Assert.Throws<ArgumentException>(() => new LBFGS([p], lineSearch: "backtracking"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LBFGS([p], historySize: 0));
    }

    [Fact]
    public void CubicInterpolate_FindsTheMinimumOfACubic()
    {
        // f(x) = (x − 1)² has slope −2 at 0 and 2 at 2: the interpolating cubic's minimum is 1.
        Assert.Equal(1.0, LBFGS.CubicInterpolate(0, 1, -2, 2, 1, 2), 12);
        Assert.Equal(0.5, LBFGS.CubicInterpolate(0, 1, -2, 2, 1, 2, (0.0, 0.5)), 12);
    }
}
